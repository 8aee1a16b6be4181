import Engine
import NN

/// The padding layers under `torch.nn` (`nn.ZeroPad2d(1)`, `nn.ConstantPad1d((1, 2), 3.5)`, ...).
extension Interpreter {
    func addPaddingLayers(_ ns: NamespaceObject) {
        let families: [(String, PadMode)] = [("ZeroPad", .constant), ("ConstantPad", .constant), ("ReflectionPad", .reflect),
                                             ("ReplicationPad", .replicate), ("CircularPad", .circular)]
        for (family, mode) in families {
            for dims in 1...3 {
                let name = "\(family)\(dims)d"
                let sig = family == "ConstantPad" ? "padding, value" : "padding"
                let cls = LayerClassObject(name, qualified: "torch.nn.modules.padding.\(name)", isInstance: { ($0 as? PadLayer)?.name == name }) { [unowned self] a, _ in
                    let b = try Signature.of("\(name).__init__", sig).bind(a, self)
                    // _pair / _quadruple / _ntuple(6): an int repeated, a sequence kept as given.
                    let padding: [Int]
                    switch b["padding"] {
                    case .int, .bool: padding = Array(repeating: try b.int("padding"), count: 2 * dims)
                    default: padding = try self.intList(b["padding"], function: "pad", argument: "pad")
                    }
                    var value: OptionValue?
                    if family == "ConstantPad" { value = try self.optionValue(b["value"], name, "value") }
                    if family == "ZeroPad" { value = .float(0) }
                    let ranks: (Int, Int)? = family == "CircularPad" ? (dims + 1, dims + 2) : nil
                    return PadLayer(name: name, padding: padding, mode: mode, value: value, circularRanks: ranks)
                }
                cls.signature = sig
                ns.members[name] = .object(cls)
            }
        }
    }
}
