import Foundation
import Interpreter
import Engine

/// One `%` command: how it is written and what it does (for %help and the unknown-magic error).
struct MagicInfo {
    let name: String
    let usage: String
    let summary: String
    /// Shown by `%help NAME` under the usage line.
    let detail: String
}

/// `%` commands: shell conveniences that are not Python. They are parsed as statements, so they
/// work at the prompt, in piped input and in files alike.
extension Session {
    static let magics: [MagicInfo] = [
        MagicInfo(name: "help", usage: "%help [TOPIC]", summary: "this list, or help on a magic or an object",
                  detail: "TOPIC is a magic name (%watch or watch) or any expression: %help nn.Conv2d.\nobj? and help(obj) show the same help for an object."),
        MagicInfo(name: "watch", usage: "%watch EXPR", summary: "show EXPR's value whenever a statement changes it",
                  detail: "After each statement every watched value that changed is shown as before → after.\nFor tensors the changed elements are highlighted (on a colour terminal) and the largest\nchange is given as max |Δ|, so steps too small for 4-decimal printing still show.\nSeveral expressions may be watched at once."),
        MagicInfo(name: "unwatch", usage: "%unwatch [EXPR]", summary: "stop watching EXPR (everything when none given)", detail: ""),
        MagicInfo(name: "watches", usage: "%watches", summary: "list the watched expressions and their values", detail: ""),
        MagicInfo(name: "who", usage: "%who", summary: "variables with their type and shape", detail: ""),
        MagicInfo(name: "summary", usage: "%summary NET [SHAPE]", summary: "NET's parameters; with SHAPE, the size after every step",
                  detail: "Without SHAPE: one row per parameter (name, shape, count, share of the total, the\nproduct behind the count), then the total with trainable, frozen and buffer counts.\nWith SHAPE, a tuple such as (1, 1, 32, 32) or a tensor: runs NET once on zeros of that\nshape (no gradients, eval mode, nothing in the session changes) and lists every call\nits forward makes, layers and functions alike, with the output shape and how the size\ncame about: 30 = (32 − 3)/1 + 1, 15 = ⌊(30 − 2)/2⌋ + 1, 576 = 16·6·6.\nWhen the forward fails the steps so far are shown, then the error and a note saying\nwhich sizes disagree."),
        MagicInfo(name: "graph", usage: "%graph EXPR [--grad]", summary: "the autograd graph behind a tensor, as a tree",
                  detail: "One line per backward node (grad_fn), children in next_functions order, with the\nshape each node produced; parameters appear as AccumulateGrad ── fc1.bias (120,).\n--grad    add each parameter's grad: None before backward(), mean |g| after\n--all     also show the None edges (inputs that need no gradient)\n--ascii   draw the tree with +- \\- | (the default when the locale is not UTF-8)\n--modules fold the graph by layer: conv1 Conv2d(1, 6, 3) [1, 6, 30, 30] → relu → max_pool2d\n--dot F   also write the graph to F in Graphviz DOT (stable node ids)"),
        MagicInfo(name: "grads", usage: "%grads NET [--lr LR]", summary: "each parameter's gradient: mean and max |g|, ‖g‖/‖w‖, a log bar",
                  detail: "One line per parameter of NET (named_parameters() order): shape, mean |g|, max |g|,\n‖g‖/‖w‖ and a bar of mean |g| on a log scale, so vanishing or exploding gradients\nstand out; rows 10× above or below the median are marked. A parameter without a\ngradient says why (frozen, not reached, no backward yet); gradients summed over several\nbackward() calls since the last zero_grad() are pointed out.\n--lr LR   add lr·‖g‖/‖w‖, the size of an SGD step relative to the weight (healthy near 1e-3)"),
        MagicInfo(name: "show", usage: "%show EXPR [--svg FILE]", summary: "a tensor as a picture: filters with their numbers, maps as pixels",
                  detail: "Small kernels (3×3, 5×5) print their numbers, on cells of their colour when the\nterminal has colour; images and feature maps are drawn as pixels (half-blocks in colour,\ntwo characters a pixel otherwise). Signed values use a scale centred on 0 (orange < 0 <\nblue), non-negative ones black (0) to white; the legend gives min, max, mean and the\nshare of zeros. A layer shows its weight; a state dict or a .safetensors file name a table.\n--scope map|tensor  one range per map, or one for the whole tensor (default: tensor for\n                    parameters, map for activations)\n--numbers, --cells, --pixels   choose how values are drawn\n--svg FILE          also write the picture as an SVG file (for slides)"),
        MagicInfo(name: "plot", usage: "%plot EXPR [--log] [--svg FILE]", summary: "a line chart of a list of numbers or a 1-D tensor (the losses)",
                  detail: "Draws the values against their index in braille dots, with round tick values on the y\naxis and the indices on the x axis, then the first, last, smallest and largest value.\nSeveral series: %plot a, b, a list of lists, or a 2-D tensor (one series a row); each\nhas its own colour, and its own dot pattern without colour.\n--log       logarithmic y axis (losses fall over several decades)\n--height N  rows of the chart (default 12)\n--svg FILE  also write the chart as an SVG file (for slides)"),
        MagicInfo(name: "explain", usage: "%explain EXPR[INDEX]", summary: "where one output number comes from, with the real values",
                  detail: "For a convolution output: the input patch, the kernel, their products, the sum and the\nbias; for a linear layer the largest products of its dot product; for max/avg pooling\nthe window; for relu, leaky_relu, sigmoid and tanh the formula with the input; for the\nMSE, L1 and cross-entropy losses their terms. Then the number as PyTorch prints it.\nEXPR may be a call (%explain net.conv1(x)[0, 2, 5, 7]) or a tensor computed earlier\n(out = net.conv1(x), then %explain out[0, 2, 5, 7]); a loss needs no index."),
        MagicInfo(name: "trace", usage: "%trace NET(INPUT)", summary: "run a forward one step at a time: each output's shape, min, mean, max, zeros",
                  detail: "Every leaf layer (also inside a Sequential) and every function call of a Python\nforward (F.relu, F.max_pool2d, x.view, …) is a step. At the prompt it waits after each\nstep: Enter goes on, s shows the step's output as a picture, c runs to the end, q stops.\nPiped and in files it prints every step. Runs in eval mode without gradients and leaves\nthe session as it was."),
        MagicInfo(name: "history", usage: "%history [-n N]", summary: "this session's inputs, numbered (the last N)", detail: ""),
        MagicInfo(name: "save", usage: "%save [-f] FILE", summary: "save this session's successful statements as a lesson",
                  detail: "Writes every statement that ran without error, magics excluded, so that\n`nnrepl FILE` replays the session. An existing FILE is kept unless -f is given."),
        MagicInfo(name: "export", usage: "%export [-f] FILE.py", summary: "save this session as a Python script that real PyTorch runs to the same output",
                  detail: "Writes the statements that ran without error, magics left out (%seed N becomes\ntorch.manual_seed(N)), with every value the shell displayed wrapped in print(repr(...)),\nso `python3 FILE.py` prints what the session showed. help() and dir() calls are kept as\ncomments. An existing FILE is kept unless -f is given; %export - prints the script."),
        MagicInfo(name: "run", usage: "%run FILE", summary: "run FILE in this session (as a script: only prints show)",
                  detail: "FILE's variables stay in the session. Errors are reported with FILE's name and line."),
        MagicInfo(name: "reset", usage: "%reset", summary: "forget every variable and watch", detail: ""),
        MagicInfo(name: "seed", usage: "%seed N", summary: "torch.manual_seed(N)", detail: ""),
        MagicInfo(name: "time", usage: "%time STMT", summary: "run STMT once and report how long it took", detail: ""),
        MagicInfo(name: "timeit", usage: "%timeit STMT", summary: "time STMT over many runs: N loops, best of 5",
                  detail: "STMT is repeated until one measurement takes about 0.2 s, then that many loops are\ntimed 5 times and the best per-loop time is reported. Values are not displayed."),
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
