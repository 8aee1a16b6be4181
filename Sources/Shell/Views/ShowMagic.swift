import Foundation
import Interpreter
import Engine
import NN

/// `%show EXPR`: a tensor as a picture (teaching-views §2.4) — conv filters as small heatmaps
/// with their numbers, images and feature maps as pixels — with a legend saying what the
/// colours (or characters) mean; a layer shows its weight; a safetensors file name or a dict of
/// tensors (a state dict) shows a table. `--svg FILE` also writes the picture as an SVG.
extension Session {
    static let showUsage = "%show EXPR [--scope map|tensor] [--numbers|--cells|--pixels] [--svg FILE]: EXPR is a tensor, a layer, a state dict or a .safetensors file name"

    func showMagic(_ argument: String, at stmt: Stmt) throws {
        let args = try MagicArguments.parse(argument, magic: "show", flags: ["numbers", "cells", "pixels"], valued: ["svg", "scope"])
        guard !args.expression.isEmpty else { throw PyError("UsageError", Session.showUsage) }
        if let scope = args.values["scope"], scope != "map" && scope != "tensor" {
            throw PyError("UsageError", "%show --scope: map (each map its own range) or tensor (one range), not \(scope)")
        }
        let forced: Picture.Mode? = args.flags.contains("numbers") ? .numbers : args.flags.contains("cells") ? .cells : args.flags.contains("pixels") ? .pixels : nil
        let rng = Generator.global.rngState()
        defer { if Generator.global.rngState() != rng { Generator.global.setRngState(rng) } }
        let value = try evaluateMagicExpression(args.expression, magic: "show", at: stmt)
        let context = viewContext
        switch value {
        case .tensor(let t):
            try showTensor(t, title: args.expression, args: args, forced: forced, context: context)
        case .module(let m):
            guard let weight = m.parameter("weight") ?? nil else {
                throw PyError("UsageError", "%show: \(args.expression) is a \(m.typeName) without a weight; show one of its tensors, e.g. %show \(args.expression).\(m.namedParameters().first?.0 ?? "weight")")
            }
            try showTensor(weight, title: args.expression + ".weight", args: args, forced: forced, context: context)
            if let bias = m.parameter("bias") ?? nil {
                let format = NumberFormat(values: bias.doubleValues())
                let values = bias.floatValues().map { format.text(Double($0)) }
                let shown = values.count <= 16 ? values.joined(separator: "  ") : values.prefix(16).joined(separator: "  ") + "  …"
                interpreter.write("\(args.expression).bias  \(shapeText(bias.shape))  \(shown)\n")
            }
        case .str(let path):
            guard args.values["svg"] == nil else { throw PyError("UsageError", "%show --svg draws tensors; a file is shown as a table") }
            interpreter.write(try SafetensorsTable.header(path: path))
        case .dict(let d):
            var entries: [(String, Tensor)] = []
            for (k, v) in zip(d.keys, d.values) {
                guard case .tensor(let t) = v else {
                    throw PyError("UsageError", "%show: \(args.expression) is a dict whose values are not all tensors")
                }
                entries.append(((try? interpreter.repr(k)).map { k.isStr ? String($0.dropFirst().dropLast()) : $0 } ?? "?", t))
            }
            interpreter.write(SafetensorsTable.tensors(entries))
        default:
            throw PyError("UsageError", "%show EXPR: \(args.expression) is \(article(interpreter.typeName(value))); give a tensor, a layer, a state dict or a .safetensors file name" + (value.isNumberList ? " (a list of numbers is a curve: %plot \(args.expression))" : ""))
        }
    }

    private func showTensor(_ t: Tensor, title: String, args: MagicArguments, forced: Picture.Mode?, context: ViewContext) throws {
        guard t.numel > 0 else { throw PyError("UsageError", "%show: \(title) is empty (shape \(shapeText(t.shape)))") }
        let halfBlocks = context.depth >= .palette256 && context.unicode
        let picture = Picture.of(t, title: title, width: context.width, columnsPerPixel: halfBlocks ? 1 : 2, scope: args.values["scope"], forcedMode: forced)
        if let file = args.values["svg"] { try FileText.write(PictureSVG(picture: picture).render(), to: file) }
        interpreter.write(PictureText(picture: picture, context: context).render())
        if let file = args.values["svg"] { interpreter.write("wrote \(file)\n") }
    }
}

extension Value {
    var isStr: Bool { if case .str = self { return true }; return false }

    /// A list or tuple of numbers (what %plot draws).
    var isNumberList: Bool {
        let items: [Value]
        switch self {
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: return false
        }
        return !items.isEmpty && items.allSatisfy { if case .int = $0 { return true }; if case .float = $0 { return true }; return false }
    }
}

/// Tables of named tensors: a safetensors file's header (Netron's view of a weights file, in
/// text) and a dict of tensors such as a state dict.
enum SafetensorsTable {
    static func header(path: String) throws -> String {
        let header: (entries: [Safetensors.HeaderEntry], metadata: [String: String]?, headerLength: UInt64, fileLength: UInt64)
        do { header = try Safetensors.readHeader(FileText.expand(path)) } catch let e as SafetensorError {
            throw PyError(e.kind.rawValue, e.message)
        }
        let dataBytes = header.entries.reduce(UInt64(0)) { $0 + ($1.end - $1.begin) }
        var out = "\(path): safetensors, \(groupedInt(Int(header.fileLength))) bytes = 8 (header length) + \(groupedInt(Int(header.headerLength))) (JSON header) + \(groupedInt(Int(dataBytes))) (data)\n"
        var rows = [["name", "dtype", "shape", "count", "bytes", "data offsets"]]
        for e in header.entries {
            rows.append([e.name, e.dtype, shapeText(e.shape), groupedInt(e.shape.reduce(1, *)), groupedInt(Int(e.end - e.begin)), "\(e.begin)…\(e.end)"])
        }
        out += table(rows, rightAligned: [3, 4])
        let total = header.entries.reduce(0) { $0 + $1.shape.reduce(1, *) }
        out += "\(header.entries.count) tensor\(header.entries.count == 1 ? "" : "s"), \(groupedInt(total)) values\n"
        if let metadata = header.metadata, !metadata.isEmpty {
            out += "metadata: " + metadata.keys.sorted().map { "\($0)=\(metadata[$0]!)" }.joined(separator: ", ") + "\n"
        }
        out += "A weights file holds tensors only: the network's structure (its forward) comes from code;\nload it with net.load_state_dict(load_file(\(pythonQuoted(path)))).\n"
        return out
    }

    static func tensors(_ entries: [(String, Tensor)]) -> String {
        var rows = [["name", "dtype", "shape", "count", "min", "mean", "max"]]
        for (name, t) in entries {
            let s = Picture.stats(t.doubleValues())
            let numeric = t.numel > 0
            rows.append([name, t.dtype.pythonName.replacingOccurrences(of: "torch.", with: ""), shapeText(t.shape), groupedInt(t.numel),
                         numeric ? legendNumber(s.min) : "–", numeric ? legendNumber(s.mean) : "–", numeric ? legendNumber(s.max) : "–"])
        }
        let total = entries.reduce(0) { $0 + $1.1.numel }
        return table(rows, rightAligned: [3, 4, 5, 6]) + "\(entries.count) tensor\(entries.count == 1 ? "" : "s"), \(groupedInt(total)) values\n"
    }

    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        var out = ""
        for r in rows {
            var line = ""
            for (c, cell) in r.enumerated() {
                line += (c == 0 ? "" : "  ") + pad(cell, widths[c], right: rightAligned.contains(c))
            }
            out += trimTrailingSpaces(line) + "\n"
        }
        return out
    }

    static func pythonQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
}
