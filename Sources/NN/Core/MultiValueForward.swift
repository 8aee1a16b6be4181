import Engine

/// A value passed to or returned by a layer whose forward is more than one tensor in, one
/// tensor out: `lstm(x, (h0, c0))` returns `(output, (h_n, c_n))`, `bilinear(x1, x2)` takes two.
public indirect enum ModuleValue {
    case tensor(Tensor)
    case tuple([ModuleValue])
    case none
    /// A `PackedSequence` (the input and output of recurrent layers over packed batches).
    case packed(PackedSequence)
    /// An int or a sequence of ints (`output_size=`).
    case ints([Int])

    /// The tensor, or nil for None.
    public func optionalTensor(_ what: String) throws -> Tensor? {
        switch self {
        case .tensor(let t): return t
        case .none: return nil
        case .tuple: throw TorchError.type("\(what) must be a Tensor, not tuple")
        case .packed: throw TorchError.type("\(what) must be a Tensor, not PackedSequence")
        case .ints: throw TorchError.type("\(what) must be a Tensor, not int")
        }
    }
}

/// A built-in layer called with several arguments or returning several values. The interpreter
/// binds the call against `forwardParameters` (Python syntax, e.g. `"input, hx=None"`) and
/// passes the values in that order, omitted defaults as `.none`.
public protocol MultiValueForward: AnyObject {
    var forwardParameters: String { get }
    func forward(values: [ModuleValue]) throws -> ModuleValue
}
