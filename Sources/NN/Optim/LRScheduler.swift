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
    /// `step_size`: epochs between decays.
    public let stepSize: Int
    /// `gamma`: the decay factor.
    public let gamma: OptionValue

    /// Attaches to `optimizer` and performs the initial step.
    public init(optimizer: Optimizer, stepSize: Int, gamma: OptionValue = 0.1, lastEpoch: Int = -1) throws {
        self.stepSize = stepSize
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        if lastEpoch == 0 { return currentLrs }
        guard stepSize != 0 else { throw TorchError(.zeroDivisionError, "integer modulo by zero") }
        // Python's % takes the sign of the divisor.
        let r = ((lastEpoch % stepSize) + stepSize) % stepSize
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

/// Python's `a ** n` for the decay factors (`gamma ** count`): int ** non-negative int stays an
/// int, anything else is C's `pow` as CPython's float power calls it.
func pythonPower(_ base: OptionValue, _ n: Int) throws -> OptionValue {
    if case .int(let b) = base, n >= 0 {
        var r = 1
        for _ in 0..<n {
            let (p, overflow) = r.multipliedReportingOverflow(by: b)
            guard !overflow else { throw TorchError(.overflowError, "int too large") }
            r = p
        }
        return .int(r)
    }
    return .float(Foundation.pow(try base.number(comparedWith: "**"), Double(n)))
}

/// `lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1)`: decays the
/// learning rate of each parameter group by `gamma` once the epoch reaches one of the milestones.
///
/// **Parameters**
/// - `optimizer` (Optimizer): wrapped optimizer.
/// - `milestones` (list): list of epoch indices. Must be increasing.
/// - `gamma` (float): multiplicative factor of learning rate decay. Default: 0.1.
/// - `last_epoch` (int): the index of last epoch. Default: -1.
///
/// **Examples**
/// ```
/// >>> # lr = 0.05     if epoch < 30
/// >>> # lr = 0.005    if 30 <= epoch < 80
/// >>> # lr = 0.0005   if epoch >= 80
/// >>> scheduler = MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)
/// ```
open class MultiStepLR: LRScheduler {
    /// `milestones`, a `Counter` in PyTorch: each distinct epoch with how often it was given, in
    /// first-seen order (an epoch given twice decays by `gamma ** 2`).
    public let milestones: [(epoch: Int, count: Int)]
    /// `gamma`: the decay factor.
    public let gamma: OptionValue

    /// Attaches to `optimizer` and performs the initial step.
    public init(optimizer: Optimizer, milestones: [Int], gamma: OptionValue = 0.1, lastEpoch: Int = -1) throws {
        var counted: [(epoch: Int, count: Int)] = []
        for m in milestones {
            if let i = counted.firstIndex(where: { $0.epoch == m }) { counted[i].count += 1 } else { counted.append((m, 1)) }
        }
        self.milestones = counted
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        // No initial-step guard, as in PyTorch: a milestone at 0 decays on construction.
        guard let hit = milestones.first(where: { $0.epoch == lastEpoch }) else { return currentLrs }
        let factor = try pythonPower(gamma, hit.count)
        return try currentLrs.map { try $0.multiplied(by: factor) }
    }
}

/// `lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0.0, last_epoch=-1)`: anneals each
/// group's learning rate along a cosine from its initial value down to `eta_min` over `T_max`
/// epochs (and back up after, as the recursive form does).
///
/// The rates follow PyTorch's recursive formula step by step, in its order of float operations,
/// so printed rates carry the same last digits (`0.025000000000000015`).
///
/// **Parameters**
/// - `optimizer` (Optimizer): wrapped optimizer.
/// - `T_max` (int): maximum number of iterations.
/// - `eta_min` (float): minimum learning rate. Default: 0.0.
/// - `last_epoch` (int): the index of last epoch. Default: -1.
open class CosineAnnealingLR: LRScheduler {
    /// `T_max`: the half period in epochs.
    public let tMax: OptionValue
    /// `eta_min`: the lowest rate.
    public let etaMin: OptionValue

    /// Attaches to `optimizer` and performs the initial step.
    public init(optimizer: Optimizer, tMax: OptionValue, etaMin: OptionValue = 0.0, lastEpoch: Int = -1) throws {
        self.tMax = tMax
        self.etaMin = etaMin
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        if isInitial { return currentLrs }
        let t = try tMax.number(comparedWith: "/"), eta = try etaMin.number(comparedWith: "+")
        let epoch = Double(lastEpoch)
        guard t != 0 else { throw TorchError(.zeroDivisionError, "float division by zero") }
        if stepCount == 1 && lastEpoch > 0 {
            return try baseLrs.map { eta + (try $0.number(comparedWith: "-") - eta) * (1 + Foundation.cos(epoch * Double.pi / t)) / 2 }.map(OptionValue.float)
        }
        // Python's % takes the sign of the divisor.
        let period = 2 * t, shifted = epoch - 1 - t
        let r = shifted - period * (shifted / period).rounded(.down)
        if r == 0 {
            return try zip(currentLrs, baseLrs).map { lr, base in
                .float(try lr.number(comparedWith: "+") + (try base.number(comparedWith: "-") - eta) * (1 - Foundation.cos(Double.pi / t)) / 2)
            }
        }
        return try currentLrs.map { lr in
            .float((1 + Foundation.cos(Double.pi * epoch / t)) / (1 + Foundation.cos(Double.pi * (epoch - 1) / t)) * (try lr.number(comparedWith: "-") - eta) + eta)
        }
    }
}

/// `lr_scheduler.LambdaLR(optimizer, lr_lambda, last_epoch=-1)`: sets each group's learning rate
/// to its initial rate times a function of the epoch.
///
/// **Parameters**
/// - `optimizer` (Optimizer): wrapped optimizer.
/// - `lr_lambda` (function or list): a function which computes a multiplicative factor given an
///   integer parameter epoch, or a list of such functions, one for each group.
/// - `last_epoch` (int): the index of last epoch. Default: -1.
///
/// **Examples**
/// ```
/// >>> lambda1 = lambda epoch: epoch // 30
/// >>> scheduler = LambdaLR(optimizer, lr_lambda=lambda1)
/// ```
open class LambdaLR: LRScheduler {
    /// One factor function per parameter group (the Python callables, wrapped by the interpreter).
    public let lambdas: [(Int) throws -> OptionValue]

    /// Attaches to `optimizer` and performs the initial step.
    /// - Throws: `ValueError` when a list of functions does not match the number of groups.
    public init(optimizer: Optimizer, lambdas: [(Int) throws -> OptionValue], perGroup: Bool, lastEpoch: Int = -1) throws {
        if perGroup && lambdas.count != optimizer.paramGroups.count {
            throw TorchError(.valueError, "Expected \(optimizer.paramGroups.count) lr_lambdas, but got \(lambdas.count)")
        }
        self.lambdas = perGroup ? lambdas : Array(repeating: lambdas[0], count: optimizer.paramGroups.count)
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        try zip(lambdas, baseLrs).map { f, base in try base.multiplied(by: try f(lastEpoch)) }
    }
}
