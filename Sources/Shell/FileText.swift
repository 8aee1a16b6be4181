import Foundation
import Interpreter

/// Reading and writing the text files magics name (`%run`, `%save`), failing with the errors
/// Python raises (`FileNotFoundError: [Errno 2] No such file or directory: 'x.nnrepl'`).
enum FileText {
    /// `~` and `~/…` expanded; anything else unchanged (relative paths are from the cwd).
    static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"),
              let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return path }
        return home + path.dropFirst()
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(expand(path), &info) == 0
    }

    static func read(_ path: String) throws -> String {
        let fd = open(expand(path), O_RDONLY)
        guard fd >= 0 else { throw error(errno, path) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Foundation.read(fd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; throw error(errno, path) }
            if n == 0 { break }
            data.append(buffer, count: n)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PyError("UnicodeDecodeError", "'utf-8' codec can't decode '\(path)': not UTF-8 text")
        }
        return text
    }

    /// Writes through a temporary file renamed over `path`, so a failed write never leaves half
    /// a lesson behind.
    /// A device or pipe (`/dev/stdout`, `/dev/null`) is written in place: renaming over it
    /// would replace the device with a file.
    static func write(_ text: String, to path: String) throws {
        let target = expand(path)
        var info = stat()
        let special = stat(target, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFDIR
        let temp = special ? target : target + ".tmp\(getpid())"
        let fd = open(temp, special ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw error(errno, path) }
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd); if !special { unlink(temp) }
                throw error(e, path)
            }
            done += n
        }
        close(fd)
        if special { return }
        guard rename(temp, target) == 0 else {
            let e = errno
            unlink(temp)
            throw error(e, path)
        }
    }

    /// Python's OSError subclass and message for an errno.
    static func error(_ code: Int32, _ path: String) -> PyError {
        let kind: String
        switch code {
        case ENOENT: kind = "FileNotFoundError"
        case EACCES, EPERM: kind = "PermissionError"
        case EISDIR: kind = "IsADirectoryError"
        case ENOTDIR: kind = "NotADirectoryError"
        default: kind = "OSError"
        }
        return PyError(kind, "[Errno \(code)] \(String(cString: strerror(code))): '\(path)'")
    }
}
