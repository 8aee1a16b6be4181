import Engine

/// PyTorch's hook dictionaries of one module: `_forward_pre_hooks`, `_forward_hooks`,
/// `_backward_pre_hooks`, `_backward_hooks` (with `_is_full_backward_hook`), and which forward
/// hooks take keyword arguments or are always called. The hooks are whatever their registrar
/// keeps (the interpreter keeps Python callables); running them is the registrar's business,
/// through `Module.hookedCall`. NN only needs to know that there are some, and to copy them
/// with the module.
public struct ModuleHooks {
    public var forwardPre = HookList<Any>()
    public var forward = HookList<Any>()
    public var backwardPre = HookList<Any>()
    public var backward = HookList<Any>()
    /// Ids of the forward pre-hooks and forward hooks registered `with_kwargs=True`.
    public var forwardPreWithKwargs: Set<Int> = []
    public var forwardWithKwargs: Set<Int> = []
    /// Ids of the forward hooks registered `always_call=True`.
    public var forwardAlwaysCalled: Set<Int> = []
    /// `_is_full_backward_hook`: nil until a backward hook is registered, then whether it was a
    /// full one (`register_full_backward_hook`) or the deprecated `register_backward_hook`.
    public var isFullBackwardHook: Bool?

    public init() {}

    public var isEmpty: Bool { forwardPre.isEmpty && forward.isEmpty && backwardPre.isEmpty && backward.isEmpty }

    /// What `RemovableHandle.remove()` does: the id leaves every dictionary it is in.
    public mutating func remove(_ id: Int) {
        forwardPre.remove(id)
        forward.remove(id)
        backwardPre.remove(id)
        backward.remove(id)
        forwardPreWithKwargs.remove(id)
        forwardWithKwargs.remove(id)
        forwardAlwaysCalled.remove(id)
    }
}
