import CLineEdit
import Foundation

extension LineEditor {
    /// The editor's history: libedit's list (browsed by Up/Down and Ctrl-R), a Swift copy of it
    /// (for `%history`; the file is vis(3)-encoded, not plain text) and the history file.
    ///
    /// The file is rewritten after every accepted line, so a killed shell loses nothing. Two shells
    /// open at once: the last one to save wins.
    final class HistoryStore {
        /// libedit's `History *`.
        let handle: OpaquePointer
        /// Oldest first, as libedit holds them.
        private(set) var entries: [String] = []
        private let size: Int
        private let programName: String
        /// nil when there is no file, or when the existing file could not be read: rewriting it
        /// would destroy what could not be loaded (or a file that is not a history at all).
        private var path: String?
        private var warnedSaveFailure = false

        init?(path: String?, size: Int, programName: String) {
            guard let handle = le_history_open(Int32(clamping: max(size, 1))) else { return nil }
            self.handle = handle
            self.size = max(size, 1)
            self.programName = programName
            if let path, !path.isEmpty { self.path = load(HistoryStore.expandTilde(path)) }
        }

        deinit { le_history_close(handle) }

        /// Records an accepted line: blank lines and repeats of the previous line are skipped.
        func add(_ line: String) {
            guard !line.allSatisfy({ $0.isWhitespace }), line != entries.last else { return }
            guard le_history_add(handle, line) >= 0 else { return }
            entries.append(line)
            if entries.count > size { entries.removeFirst(entries.count - size) }
            save()
        }

        /// Loads `path` into libedit, creating the file if it is missing. Returns the path to save
        /// to (symlinks resolved, so renaming the new file does not replace the link), or nil.
        private func load(_ path: String) -> String? {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let err = errno
                guard err == ENOENT else {
                    warn("cannot read history file \(path): \(String(cString: strerror(err)))")
                    return nil
                }
                let directory = (path as NSString).deletingLastPathComponent
                if !directory.isEmpty {
                    try? FileManager.default.createDirectory(
                        atPath: directory, withIntermediateDirectories: true,
                        attributes: [.posixPermissions: 0o700])
                }
                save(to: path)
                return path
            }
            let target = realPath(path)
            if (info.st_mode & S_IFMT) == S_IFDIR {
                warn("history file \(path) is a directory; history will not be saved")
                return nil
            }
            // A 0-byte file is what an interrupted in-place save leaves behind: start it afresh.
            if info.st_size == 0 { save(to: target); return target }
            if access(target, R_OK) != 0 {
                let reason = String(cString: strerror(errno))
                warn("cannot read history file \(path): \(reason); history will not be saved")
                return nil
            }
            if le_history_load(handle, target) < 0 {
                warn("\(path) is not a history file (no _HiStOrY_V2_ header); "
                    + "it is left alone and history will not be saved this session")
                return nil
            }
            var next = le_history_walk(handle, 1)
            while let entry = next {
                entries.append(String(cString: entry)) // invalid UTF-8 becomes U+FFFD
                next = le_history_walk(handle, 0)
            }
            return target
        }

        private func save() {
            guard let path else { return }
            save(to: path)
        }

        private func save(to path: String) {
            // A device such as NNREPL_HISTORY=/dev/null means "keep no history": the atomic
            // save renames a file over the path, which would replace the device itself.
            var info = stat()
            if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG { return }
            guard le_history_save(handle, path) < 0 else { return }
            let reason = String(cString: strerror(errno))
            if !warnedSaveFailure {
                warnedSaveFailure = true
                warn("cannot save history to \(path): \(reason)")
            }
        }

        private func warn(_ message: String) {
            // stdout may be a fully buffered pipe: flush it so the warning follows earlier output.
            fflush(le_stdout())
            fputs("\(programName): warning: \(message)\n", le_stderr())
        }

        private func realPath(_ path: String) -> String {
            guard let resolved = realpath(path, nil) else { return path }
            defer { free(resolved) }
            return String(cString: resolved)
        }

        static func expandTilde(_ path: String) -> String {
            guard path == "~" || path.hasPrefix("~/"),
                  let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty
            else { return path }
            return home + path.dropFirst()
        }
    }
}
