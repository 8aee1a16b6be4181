import Foundation
import Interpreter

/// Progress of long shell work (`%run FILE`, `%timeit`): a tqdm bar on standard error when it
/// is a terminal, shown only once the work has taken `delay` seconds and wiped when it is done,
/// so quick runs and transcripts look the same as before.
extension Session {
    func withProgress<T>(_ options: ProgressBar.Options, _ body: (ProgressBar) throws -> T) rethrows -> T {
        var o = options
        o.leave = false
        let bar = ProgressBar(o)
        let write = interpreter.write
        // Output written while the bar is on the screen wipes it first; the next update draws
        // it again below the output.
        interpreter.write = { s in
            if bar.isVisible { bar.clear() }
            write(s)
            fflush(stdout)
        }
        defer {
            interpreter.write = write
            bar.close()
        }
        return try body(bar)
    }
}
