import Engine

/// One entry of `optimizer.param_groups`: the parameters and the group's hyper-parameters.
/// A reference type, so `optimizer.param_groups[0]['lr'] = 0.01` (and an LR scheduler) change
/// what the next `step()` uses.
///
/// As a Python dict the group reads `{'params': [...], <options in order>}`: the options keep
/// their insertion order (the keys the user gave for this group, then the optimizer's defaults,
/// then keys added later such as a scheduler's `initial_lr`).
public final class ParamGroup {
    /// `group['params']`.
    public var params: [Tensor]
    /// Every key except `params`, in dict order.
    public private(set) var options: [(key: String, value: OptionValue)]

    /// A group with these parameters and options.
    public init(params: [Tensor], options: [(key: String, value: OptionValue)]) {
        self.params = params
        self.options = options
    }

    /// `group[key]` (nil when absent); assigning adds a new key at the end, or replaces in place.
    public subscript(key: String) -> OptionValue? {
        get { options.first { $0.key == key }?.value }
        set {
            if let i = options.firstIndex(where: { $0.key == key }) {
                if let newValue { options[i].value = newValue } else { options.remove(at: i) }
            } else if let newValue {
                options.append((key, newValue))
            }
        }
    }

    /// `dict.setdefault(key, value)`.
    @discardableResult
    public func setDefault(_ key: String, _ value: OptionValue) -> OptionValue {
        if let v = self[key] { return v }
        self[key] = value
        return value
    }

    /// The option as a number (`KeyError` if missing, `TypeError` if not a number).
    public func number(_ key: String) throws -> Double {
        guard let v = self[key] else { throw TorchError(.keyError, pythonStringRepr(key)) }
        guard let d = v.doubleValue else {
            throw TorchError.type("must be real number, not \(v.pythonTypeName)")
        }
        return d
    }

    /// The option's Python truthiness (false when missing).
    public func flag(_ key: String) -> Bool { self[key]?.isTruthy ?? false }
}

/// A parameter group as given to an optimizer's constructor: a list of tensors, or a dict with
/// `'params'` and per-group options that override the defaults.
public struct ParamGroupSpec {
    /// The group's tensors (`'params'`).
    public var params: [Tensor]
    /// The group's own options, overriding the optimizer's defaults.
    public var options: [(key: String, value: OptionValue)]

    /// A group spec; `options` empty for a plain list of tensors.
    public init(params: [Tensor], options: [(key: String, value: OptionValue)] = []) {
        self.params = params
        self.options = options
    }
}

/// The `params` argument of an optimizer: an iterable of tensors (one group) or of dicts.
public enum ParamsArgument {
    case tensors([Tensor])
    case groups([ParamGroupSpec])
}
