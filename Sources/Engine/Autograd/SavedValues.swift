/// Read-only access to what backward nodes saved, named as PyTorch exposes them on `grad_fn`
/// (`grad_fn._saved_input`, `_saved_weight`, `_saved_stride`, … without the `_saved_`
/// prefix). The shell's `%explain` reads them to show where one output number comes from.
/// A tensor freed by a backward without retain_graph reads as `.tensor(nil)`.
public enum SavedValue {
    case tensor(Tensor?)
    case ints([Int])
    case int(Int)
    case double(Double)
    case string(String)

    public var tensor: Tensor? { if case .tensor(let t) = self { return t }; return nil }
    public var ints: [Int]? { if case .ints(let v) = self { return v }; return nil }
    public var int: Int? { if case .int(let v) = self { return v }; return nil }
    public var double: Double? { if case .double(let v) = self { return v }; return nil }
    public var string: String? { if case .string(let v) = self { return v }; return nil }
}

public protocol ExposesSavedValues {
    /// The saved values in PyTorch's order.
    var savedValues: [(name: String, value: SavedValue)] { get }
}

extension ExposesSavedValues {
    public func saved(_ name: String) -> SavedValue? { savedValues.first { $0.name == name }?.value }
}

extension ConvolutionBackward0: ExposesSavedValues {
    public var savedValues: [(name: String, value: SavedValue)] {
        [("input", .tensor(input.tensor)), ("weight", .tensor(weight.tensor)),
         ("stride", .ints([g.stride.0, g.stride.1])), ("padding", .ints([g.padding.0, g.padding.1])),
         ("dilation", .ints([g.dilation.0, g.dilation.1])), ("groups", .int(g.groups))]
    }
}

extension AddmmBackward0: ExposesSavedValues {
    /// mat1: the input rows; mat2: weight.t() for a Linear layer.
    public var savedValues: [(name: String, value: SavedValue)] {
        [("mat1", .tensor(a.tensor)), ("mat2", .tensor(b.tensor)), ("alpha", .double(Double(alpha))), ("beta", .double(Double(beta)))]
    }
}

extension MmBackward0: ExposesSavedValues {
    public var savedValues: [(name: String, value: SavedValue)] { [("self", .tensor(a.tensor)), ("mat2", .tensor(b.tensor))] }
}

extension SavedResultNode: ExposesSavedValues {
    public var savedValues: [(name: String, value: SavedValue)] { [("result", .tensor(result.tensor))] }
}

extension SavedInputNode: ExposesSavedValues {
    public var savedValues: [(name: String, value: SavedValue)] { [("self", .tensor(input.tensor))] }
}

extension LeakyReluBackward0: ExposesSavedValues {
    public var savedValues: [(name: String, value: SavedValue)] { [("self", .tensor(input.tensor)), ("negative_slope", .double(Double(slope)))] }
}

extension MaxPool2DWithIndicesBackward0: ExposesSavedValues {
    /// result1: the flat position of each window's maximum within its input plane.
    public var savedValues: [(name: String, value: SavedValue)] { [("result1", .tensor(indices))] }
}

extension MseLossBackward0: ExposesSavedValues {
    public var savedValues: [(name: String, value: SavedValue)] {
        [("self", .tensor(input.tensor)), ("target", .tensor(target.tensor)), ("reduction", .string(reduction.rawValue))]
    }
}
