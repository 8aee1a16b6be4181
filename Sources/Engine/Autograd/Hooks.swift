/// Hooks in registration order, each under the id its `RemovableHandle` removes it by.
public struct HookList<Hook> {
    public private(set) var entries: [(id: Int, hook: Hook)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var hooks: [Hook] { entries.map(\.hook) }

    /// Adds `hook` last (first with `prepend`, as `register_forward_hook(prepend=True)`) under
    /// a fresh id.
    @discardableResult
    public mutating func add(_ hook: Hook, prepend: Bool = false) -> Int {
        let id = HookIDs.make()
        if prepend { entries.insert((id, hook), at: 0) } else { entries.append((id, hook)) }
        return id
    }

    public mutating func remove(_ id: Int) { entries.removeAll { $0.id == id } }
}

/// PyTorch's `RemovableHandle.next_id`: one counter for every handle a session makes (tensor,
/// grad_fn and module hooks), so `handle.id` and the keys of `module._forward_hooks` are the
/// numbers PyTorch shows.
public enum HookIDs {
    nonisolated(unsafe) private static var next = 0

    public static func make() -> Int {
        defer { next += 1 }
        return next
    }

    /// A new session starts counting from 0, as a fresh `import torch` does.
    public static func reset() { next = 0 }
}
