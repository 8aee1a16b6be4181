import Foundation
import Interpreter
import Engine

/// One `%` command: how it is written and what it does (for %help and the unknown-magic error).
/// The full text of each is in Sources/Help/texts/magics.txt (`%help NAME`).
struct MagicInfo {
    let name: String
    let usage: String
    let summary: String
}

/// `%` commands: shell conveniences that are not Python. They are parsed as statements, so they
/// work at the prompt, in piped input and in files alike.
extension Session {
    static let magics: [MagicInfo] = [
        MagicInfo(name: "help", usage: "%help [TOPIC]", summary: "this list, or help on a magic or an object"),
        MagicInfo(name: "watch", usage: "%watch EXPR", summary: "show EXPR's value whenever a statement changes it"),
        MagicInfo(name: "unwatch", usage: "%unwatch [EXPR]", summary: "stop watching EXPR (everything when none given)"),
        MagicInfo(name: "watches", usage: "%watches", summary: "list the watched expressions and their values"),
        MagicInfo(name: "who", usage: "%who", summary: "variables with their type and shape"),
        MagicInfo(name: "summary", usage: "%summary NET [SHAPE]", summary: "NET's parameters; with SHAPE, the size after every step"),
        MagicInfo(name: "graph", usage: "%graph EXPR [--grad]", summary: "the autograd graph behind a tensor, as a tree"),
        MagicInfo(name: "grads", usage: "%grads NET", summary: "each parameter's gradient size, with a log-scale bar"),
        MagicInfo(name: "show", usage: "%show EXPR", summary: "a tensor as a picture (filters, feature maps, images)"),
        MagicInfo(name: "plot", usage: "%plot EXPR [--log]", summary: "a line chart of numbers, e.g. the loss history"),
        MagicInfo(name: "explain", usage: "%explain EXPR[INDEX]", summary: "where one output number comes from, step by step"),
        MagicInfo(name: "trace", usage: "%trace NET(INPUT)", summary: "run a forward one step at a time, with each output's stats"),
        MagicInfo(name: "history", usage: "%history [-n N]", summary: "this session's inputs, numbered (the last N)"),
        MagicInfo(name: "save", usage: "%save [-f] FILE", summary: "save this session's successful statements as a lesson"),
        MagicInfo(name: "export", usage: "%export FILE.py", summary: "save this session as a script real PyTorch runs"),
        MagicInfo(name: "run", usage: "%run FILE", summary: "run FILE in this session (as a script: only prints show)"),
        MagicInfo(name: "reset", usage: "%reset", summary: "forget every variable and watch"),
        MagicInfo(name: "seed", usage: "%seed N", summary: "torch.manual_seed(N)"),
        MagicInfo(name: "time", usage: "%time STMT", summary: "run STMT once and report how long it took"),
        MagicInfo(name: "timeit", usage: "%timeit STMT", summary: "time STMT over many runs: N loops, best of 5"),
    ]

    static var magicNames: [String] { magics.map(\.name) }

    func runMagic(_ name: String, _ argument: String, at stmt: Stmt, source: SourceFile) throws {
        switch name {
        case "help": try helpMagic(argument)
        case "watch": try watchMagic(argument)
        case "unwatch": try unwatchMagic(argument)
        case "watches": for w in watches { interpreter.write("\(w.expression): \(w.last.text)\n") }
        case "who": whoMagic()
        case "summary": try summaryMagic(argument, at: stmt, source: source)
        case "graph": try graphMagic(argument, at: stmt)
        case "grads": try gradsMagic(argument, at: stmt)
        case "show": try showMagic(argument, at: stmt)
        case "plot": try plotMagic(argument, at: stmt)
        case "explain": try explainMagic(argument, at: stmt)
        case "trace": try traceMagic(argument, at: stmt)
        case "history": try historyMagic(argument)
        case "save": try saveMagic(argument)
        case "run": try runFileMagic(argument)
        case "export": try exportMagic(argument)
        case "reset":
            interpreter.reset()
            watches.removeAll()
        case "seed":
            guard let n = Int64(argument.trimmingCharacters(in: .whitespaces)) else {
                throw PyError("UsageError", "%seed N: N must be an integer")
            }
            Generator.global.manualSeed(UInt64(bitPattern: n))
        case "time": try timeMagic(argument, at: stmt, source: source)
        case "timeit": try timeitMagic(argument, at: stmt, source: source)
        default:
            let known = Session.magicNames.map { "%" + $0 }.joined(separator: ", ")
            throw PyError("UsageError", "unknown magic %\(name); the magics are \(known)")
        }
    }

    /// `%help`: the list of magics; `%help watch`: one magic; `%help EXPR`: the object's help.
    private func helpMagic(_ argument: String) throws {
        let topic = argument.trimmingCharacters(in: .whitespaces)
        if topic.isEmpty {
            showHelp(magicHelp)
            return
        }
        let bare = topic.hasPrefix("%") ? String(topic.dropFirst()) : topic
        // A magic's name, unless the learner has a variable of that name.
        if topic.hasPrefix("%") || interpreter.lookupGlobal(bare) == nil,
           let magic = Session.magics.first(where: { $0.name == bare }) {
            showHelp(magicHelpText(magic))
            return
        }
        if topic.hasPrefix("%") {
            let known = Session.magicNames.map { "%" + $0 }.joined(separator: ", ")
            throw PyError("UsageError", "unknown magic \(topic); the magics are \(known)")
        }
        let value = try interpreter.evaluate(topic, name: "<help>")
        showHelp(try interpreter.helpText(of: value))
    }

    var magicHelp: String {
        let width = (Session.magics.map(\.usage.count).max() ?? 0) + 2
        var text = "nnrepl magics:\n"
        for m in Session.magics {
            text += "  " + m.usage.padding(toLength: width, withPad: " ", startingAt: 0) + m.summary + "\n"
        }
        text += """

        Help on objects: obj? or help(obj), e.g. nn.Conv2d? or help(torch.randn).
        Keys: Tab completes names, attributes, keyword arguments (inside a call), magics and
        file names (inside a string); Up/Down search history by the typed prefix; Ctrl-R
        searches history; Ctrl-C stops a computation; Ctrl-D on an empty line leaves.
        """
        return text
    }

    private func whoMagic() {
        let names = interpreter.globalNames.filter { !$0.hasPrefix("__") }.sorted()
        if names.isEmpty { interpreter.write("no variables yet\n") }
        for name in names {
            guard let v = interpreter.lookupGlobal(name) else { continue }
            interpreter.write("\(name)\t\(describe(v))\n")
        }
    }

    func describe(_ v: Value) -> String {
        switch v {
        case .tensor(let t): return "\(interpreter.typeName(v))\t\(formatSize(t.shape))"
        case .module(let m): return "\(m.typeName)\t\(m.parameters().reduce(0) { $0 + $1.numel }) parameters"
        default: return interpreter.typeName(v)
        }
    }

    /// A magic's argument as a source file for the parser, numbered so that an error in it
    /// reports the magic's line: the text is put on that line (columns count from the argument).
    func argumentSource(_ argument: String, at stmt: Stmt, source: SourceFile) -> SourceFile {
        let line = stmt.range.start.line
        return SourceFile(name: source.name, text: String(repeating: "\n", count: max(line - 1, 0)) + argument + "\n")
    }
}
