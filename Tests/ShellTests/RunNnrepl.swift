import Foundation

/// Runs the built nnrepl as the doc and lesson tests need it: in `cwd`, no colour, UTF-8, no
/// history; stderr joined to stdout in order when `mergeStderr` (a session as the learner sees it).
func runNnrepl(_ bin: String, _ args: [String], cwd: URL, mergeStderr: Bool = false) throws -> (output: String, errors: String, status: Int32) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: bin)
    p.arguments = args
    p.currentDirectoryURL = cwd
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["LANG"] = "C.UTF-8"
    env.removeValue(forKey: "LC_ALL")
    env.removeValue(forKey: "LC_CTYPE")
    env["NNREPL_HISTORY"] = "/dev/null"
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = mergeStderr ? out : err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read stderr on another thread so a full pipe cannot block the child.
    var errorData = Data()
    let group = DispatchGroup()
    if !mergeStderr {
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self), p.terminationStatus)
}
