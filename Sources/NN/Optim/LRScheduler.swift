import Engine
import Foundation

/// The base of the learning-rate schedulers (`torch.optim.lr_scheduler.LRScheduler`).
///
/// Creating a scheduler with `last_epoch=-1` stores each group's current lr as
/// `group['initial_lr']` (so it then appears in the optimizer's repr), records those as
/// `base_lrs`, and performs an initial step that sets `last_epoch` to 0 without changing the
/// rates. Each `step()` increments `last_epoch` and writes the new rates into the optimizer's
/// groups (Python arithmetic: `0.1 * 0.1` gives `0.010000000000000002`).
open class LRScheduler {
    /// The class name (`StepLR`).
    open var typeName: String { String(describing: type(of: self)) }
    /// The scheduled optimizer.
    public let optimizer: Optimizer
    /// `scheduler.last_epoch`.
    public internal(set) var lastEpoch: Int
    /// `scheduler.base_lrs`.
    public private(set) var baseLrs: [OptionValue] = []
    /// `scheduler._last_lr`, returned by `get_last_lr()`.
    public private(set) var lastLr: [OptionValue] = []
    /// `scheduler._step_count`.
    public private(set) var stepCount = 0
    /// True while the initial step runs (`_is_initial`).
    public private(set) var isInitial = false
    var insideStep = false

    /// - Throws: `KeyError` when resuming (`last_epoch` ≥ 0) without `initial_lr` in a group.
    public init(optimizer: Optimizer, lastEpoch: Int = -1) throws {
        self.optimizer = optimizer
        self.lastEpoch = lastEpoch
        if lastEpoch == -1 {
            for group in optimizer.paramGroups { group.setDefault("initial_lr", group["lr"] ?? .none) }
        } else {
            for (i, group) in optimizer.paramGroups.enumerated() where group["initial_lr"] == nil {
                throw TorchError(.keyError, "\"param 'initial_lr' is not specified in param_groups[\(i)] when resuming scheduler with last_epoch >= 0.\\nThis typically happens when:\\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)\"")
            }
        }
        baseLrs = optimizer.paramGroups.map { $0["initial_lr"] ?? .none }
        optimizer.trackedByScheduler = true
        isInitial = true
        defer { isInitial = false }
        try step()
    }

    /// `scheduler.step()`: warns when called before any `optimizer.step()` (after the initial
    /// step), then advances `last_epoch` and applies `get_lr()`.
    public func step() throws {
        if stepCount == 1 && !optimizer.stepCalledWhileTracked {
            Warnings.warn("Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")
        }
        stepCount += 1
        let (next, overflow) = lastEpoch.addingReportingOverflow(1)
        guard !overflow else { throw TorchError(.overflowError, "Python int too large to convert to C long") }
        lastEpoch = next
        insideStep = true
        defer { insideStep = false }
        let values = try computeLr()
        for (group, lr) in zip(optimizer.paramGroups, values) { group["lr"] = lr }
        lastLr = optimizer.paramGroups.map { $0["lr"] ?? .none }
    }

    /// `scheduler.get_last_lr()`.
    public func getLastLr() -> [OptionValue] { lastLr }

    /// `scheduler.get_lr()` called directly: PyTorch warns that `get_last_lr()` is meant.
    public func getLr() throws -> [OptionValue] {
        if !insideStep {
            Warnings.warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.")
        }
        return try computeLr()
    }

    /// The rates for the current `last_epoch`, from the groups' current rates (the subclass rule).
    open func computeLr() throws -> [OptionValue] {
        optimizer.paramGroups.map { $0["lr"] ?? .none }
    }

    /// The groups' current learning rates.
    var currentLrs: [OptionValue] { optimizer.paramGroups.map { $0["lr"] ?? .none } }
}

/// `lr_scheduler.StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)`: decays the learning
/// rate of each parameter group by `gamma` every `step_size` epochs.
///
/// **Parameters**
/// - `optimizer` (Optimizer): wrapped optimizer.
/// - `step_size` (int): period of learning rate decay.
/// - `gamma` (float): multiplicative factor of learning rate decay. Default: 0.1.
/// - `last_epoch` (int): the index of last epoch. Default: -1.
///
/// **Examples**
/// ```
/// >>> # lr = 0.05     if epoch < 30
/// >>> # lr = 0.005    if 30 <= epoch < 60
/// >>> scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
/// >>> for epoch in range(100):
/// ...     train(...)
/// ...     scheduler.step()
/// ```
open class StepLR: LRScheduler {
    /// `step_size`: epochs between decays (an int, or a float as the text-classification
    /// tutorial passes: `StepLR(optimizer, 1.0, gamma=0.1)`).
    public let stepSize: OptionValue
    /// `gamma`: the decay factor.
    public let gamma: OptionValue

    /// Attaches to `optimizer` and performs the initial step.
    public init(optimizer: Optimizer, stepSize: OptionValue, gamma: OptionValue = 0.1, lastEpoch: Int = -1) throws {
        self.stepSize = stepSize
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    public convenience init(optimizer: Optimizer, stepSize: Int, gamma: OptionValue = 0.1, lastEpoch: Int = -1) throws {
        try self.init(optimizer: optimizer, stepSize: .int(stepSize), gamma: gamma, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        if lastEpoch == 0 { return currentLrs }
        // last_epoch % step_size, with Python's sign (that of the divisor), for an int or a float.
        let r: Double
        if case .int(let k) = stepSize {
            guard k != 0 else { throw TorchError(.zeroDivisionError, "integer modulo by zero") }
            r = Double(((lastEpoch % k) + k) % k)
        } else {
            let k = try stepSize.number()
            guard k != 0 else { throw TorchError(.zeroDivisionError, "float modulo") }
            let m = Double(lastEpoch).truncatingRemainder(dividingBy: k)
            r = m != 0 && (m < 0) != (k < 0) ? m + k : m
        }
        if r != 0 { return currentLrs }
        return try currentLrs.map { try $0.multiplied(by: gamma) }
    }
}

/// `lr_scheduler.ExponentialLR(optimizer, gamma, last_epoch=-1)`: decays the learning rate of
/// each parameter group by `gamma` every epoch.
///
/// **Parameters**
/// - `optimizer` (Optimizer): wrapped optimizer.
/// - `gamma` (float): multiplicative factor of learning rate decay.
/// - `last_epoch` (int): the index of last epoch. Default: -1.
///
/// **Examples**
/// ```
/// >>> scheduler = ExponentialLR(optimizer, gamma=0.9)
/// >>> for epoch in range(100):
/// ...     train(...)
/// ...     scheduler.step()
/// ```
open class ExponentialLR: LRScheduler {
    /// `gamma`: the decay factor applied every epoch.
    public let gamma: OptionValue

    /// Attaches to `optimizer` and performs the initial step.
    public init(optimizer: Optimizer, gamma: OptionValue, lastEpoch: Int = -1) throws {
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        if isInitial { return currentLrs }
        return try currentLrs.map { try $0.multiplied(by: gamma) }
    }
}
