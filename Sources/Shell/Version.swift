import Engine
import Help
import Interpreter
import Foundation

/// nnrepl's version: the one place it is written. The banner, `nnrepl --version` and the Debian
/// package (scripts/package reads this line) take it from here.
public let nnreplVersion = "0.1.0"

/// What `nnrepl --version` prints: the version, then the libraries that do the arithmetic on
/// this machine (MKL found or not, and where from), and where the help texts and data files were
/// found, so a bug report says which path ran.
public func versionText() -> String {
    var lines = ["nnrepl \(nnreplVersion)", "math backends:"]
    lines += NumericsInfo.backendLines.map { "  " + $0 }
    lines.append("  " + NumpyMathInfo.description)
    lines.append("files:")
    lines.append("  help texts: " + (HelpCatalog.textDirectory()?.path ?? "not found"))
    lines.append("  data: " + (DataFiles.directory ?? "not found"))
    return lines.joined(separator: "\n")
}
