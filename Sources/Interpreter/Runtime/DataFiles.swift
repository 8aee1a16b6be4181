import Foundation
import CZlib

/// nnrepl's data files (the `data/` folder of the repository: scikit-learn's digits, …), found
/// at run time. One function decides where they are, so an install step only has to put the
/// folder where it looks:
///
/// 1. `$NNREPL_DATA`, when set;
/// 2. `data/` or `share/nnrepl/data/` in the executable's folder or any folder above it (a
///    source checkout runs `.build/release/nnrepl`, an install `PREFIX/lib/nnrepl/nnrepl`
///    through the link `PREFIX/bin/nnrepl`);
/// 3. the `data/` of the checkout this file was compiled from (tests run from an xctest bundle).
public enum DataFiles {
    /// The path of `relative` (`sklearn/digits.csv.gz`), or Python's FileNotFoundError saying
    /// where nnrepl looked.
    public static func locate(_ relative: String) throws -> String {
        let candidates = searchDirectories().map { $0 + "/" + relative }
        if let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) { return found }
        throw PyError("FileNotFoundError", "[Errno 2] No such file or directory: '\(relative)' (nnrepl's data files were not found in \(searchDirectories().joined(separator: ", ")); set NNREPL_DATA to the data folder of the nnrepl repository)")
    }

    /// The first folder looked in that exists (for `nnrepl --version`), or nil.
    public static var directory: String? {
        searchDirectories().first { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }
    }

    static func searchDirectories() -> [String] {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["NNREPL_DATA"], !env.isEmpty { dirs.append(env) }
        var dir = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath().deletingLastPathComponent()
        while true {
            dirs.append(dir.appendingPathComponent("data").path)
            dirs.append(dir.appendingPathComponent("share/nnrepl/data").path)
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        // Sources/Interpreter/Runtime/DataFiles.swift → the checkout's data/.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        dirs.append(source.appendingPathComponent("data").path)
        return dirs
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "."
    }

    /// The bytes of a gzip-compressed data file, inflated by zlib.
    public static func gunzip(_ path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else { throw PyError("OSError", "cannot open \(path)") }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw PyError("OSError", "\(path): \(message)")
            }
            if n == 0 { break }
            out += chunk[0..<Int(n)]
        }
        return out
    }
}
