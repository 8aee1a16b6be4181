import Engine

/// A size argument that PyTorch accepts as one int or as a pair: `kernel_size=3` or
/// `kernel_size=(3, 5)`. It remembers which form was given because layers print it differently:
/// `Conv2d` always shows a 2-tuple (`kernel_size=(3, 3)`), while the pooling layers show the
/// argument as given (`MaxPool2d(kernel_size=2, ...)` but `MaxPool2d(kernel_size=(2, 2), ...)`).
public enum IntOrPair: Equatable, CustomStringConvertible {
    case int(Int)
    case pair(Int, Int)

    /// From the items of a Python tuple or list; PyTorch's 2-D layers need exactly two.
    public init(_ values: [Int], argument: String = "kernel_size") throws {
        guard values.count == 2 else {
            throw TorchError.value("\(argument) must be an int or a tuple of 2 ints, but got a sequence of \(values.count)")
        }
        self = .pair(values[0], values[1])
    }

    /// The (height, width) values (`_pair` in PyTorch).
    public var pair: (Int, Int) {
        switch self {
        case .int(let v): return (v, v)
        case .pair(let a, let b): return (a, b)
        }
    }

    /// The two values as an array, height first.
    public var values: [Int] { let p = pair; return [p.0, p.1] }

    /// The argument as the user gave it: `2` or `(2, 3)`.
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .pair(let a, let b): return "(\(a), \(b))"
        }
    }

    /// Always a 2-tuple, as `Conv2d` stores and prints it: `(3, 3)`.
    public var tupleDescription: String { let p = pair; return "(\(p.0), \(p.1))" }

    /// The Python value of the argument as given (an int or a 2-tuple).
    public var optionValue: OptionValue {
        switch self {
        case .int(let v): return .int(v)
        case .pair(let a, let b): return .tuple([.int(a), .int(b)])
        }
    }

    /// The Python value after `_pair`: always a 2-tuple.
    public var tupleValue: OptionValue { let p = pair; return .tuple([.int(p.0), .int(p.1)]) }
}

extension IntOrPair: ExpressibleByIntegerLiteral {
    /// `3` in Swift source is the int form.
    public init(integerLiteral value: Int) { self = .int(value) }
}
