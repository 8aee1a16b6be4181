import Foundation
import Engine

/// `lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1)`: decays each
/// group's learning rate by `gamma` once the epoch count reaches one of the milestones (by
/// gamma^n when a milestone is listed n times).
///
/// **Examples**
/// ```
/// >>> scheduler = MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)
/// ```
open class MultiStepLR: LRScheduler {
    /// Milestone → how many times it was listed (Python's Counter).
    public let milestones: [(epoch: Int, count: Int)]
    public let gamma: OptionValue

    public init(optimizer: Optimizer, milestones: [Int], gamma: OptionValue = 0.1, lastEpoch: Int = -1) throws {
        var counts: [(epoch: Int, count: Int)] = []
        for m in milestones {
            if let i = counts.firstIndex(where: { $0.epoch == m }) { counts[i].count += 1 } else { counts.append((m, 1)) }
        }
        self.milestones = counts
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        guard let n = milestones.first(where: { $0.epoch == lastEpoch })?.count else { return currentLrs }
        let factor = try pythonPower(gamma, n)
        return try currentLrs.map { try $0.multiplied(by: factor) }
    }
}

/// Python's `base ** n` for a number and a non-negative int exponent.
func pythonPower(_ base: OptionValue, _ n: Int) throws -> OptionValue {
    switch base {
    case .int(let b):
        var r = 1
        for _ in 0..<n {
            let (p, o) = r.multipliedReportingOverflow(by: b)
            guard !o else { throw TorchError(.overflowError, "int too large") }
            r = p
        }
        return .int(r)
    default:
        guard let b = base.doubleValue else { throw TorchError.type("unsupported operand type(s) for ** or pow(): '\(base.pythonTypeName)' and 'int'") }
        return .float(Foundation.pow(b, Double(n)))
    }
}

/// `lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0.0, last_epoch=-1)`: anneals each
/// group's learning rate along a cosine from its initial value to `eta_min` over `T_max` epochs,
/// with PyTorch's recursive update (so values carry its rounding).
///
/// **Examples**
/// ```
/// >>> scheduler = CosineAnnealingLR(optimizer, T_max=100)
/// ```
open class CosineAnnealingLR: LRScheduler {
    public let tMax: Int
    public let etaMin: OptionValue

    public init(optimizer: Optimizer, tMax: Int, etaMin: OptionValue = 0.0, lastEpoch: Int = -1) throws {
        self.tMax = tMax
        self.etaMin = etaMin
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        if isInitial { return currentLrs }
        let eta = try etaMin.number()
        let t = Double(tMax), e = Double(lastEpoch)
        guard tMax != 0 else { throw TorchError(.zeroDivisionError, "float division by zero") }
        let lrs = try currentLrs.map { try $0.number() }
        let bases = try baseLrs.map { try $0.number() }
        if stepCount == 1 && lastEpoch > 0 {
            return bases.map { .float(eta + ($0 - eta) * (1 + Foundation.cos(e * Double.pi / t)) / 2) }
        }
        // Python's integers: (last_epoch - 1 - T_max) % (2 * T_max) == 0 in 128 bits, so that
        // T_max=2**62 is no overflow (the remainder is zero in either sign convention).
        if (Int128(lastEpoch) - 1 - Int128(tMax)) % (2 * Int128(tMax)) == 0 {
            return zip(lrs, bases).map { lr, base in .float(lr + (base - eta) * (1 - Foundation.cos(Double.pi / t)) / 2) }
        }
        return lrs.map { lr in
            .float((1 + Foundation.cos(Double.pi * e / t)) / (1 + Foundation.cos(Double.pi * (e - 1) / t)) * (lr - eta) + eta)
        }
    }
}

/// `lr_scheduler.LambdaLR(optimizer, lr_lambda, last_epoch=-1)`: each group's learning rate is
/// its initial value times `lr_lambda(epoch)` (one function, or one per group).
///
/// **Examples**
/// ```
/// >>> scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: 0.95 ** epoch)
/// ```
open class LambdaLR: LRScheduler {
    /// One factor function per group (the interpreter runs the Python function).
    public let lambdas: [(Int) throws -> OptionValue]

    public init(optimizer: Optimizer, lambdas: [(Int) throws -> OptionValue], lastEpoch: Int = -1) throws {
        if lambdas.count != optimizer.paramGroups.count && lambdas.count != 1 {
            throw TorchError.value("Expected \(optimizer.paramGroups.count) lr_lambdas, but got \(lambdas.count)")
        }
        self.lambdas = lambdas.count == 1 ? Array(repeating: lambdas[0], count: optimizer.paramGroups.count) : lambdas
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    open override func computeLr() throws -> [OptionValue] {
        try zip(baseLrs, lambdas).map { base, f in try base.multiplied(by: try f(lastEpoch)) }
    }
}

/// `lr_scheduler.OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None,
/// steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True,
/// base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0,
/// three_phase=False, last_epoch=-1)`: the 1cycle policy — the learning rate rises from
/// max_lr/div_factor to max_lr, then anneals to a minimum far below; momentum (or Adam's β1)
/// moves the opposite way. Stepped once per batch.
open class OneCycleLR: LRScheduler {
    struct Phase { let endStep: Double; let startLr: String, endLr: String, startMomentum: String, endMomentum: String }
    let phases: [Phase]
    public let totalSteps: Int
    public let cosine: Bool
    public let cycleMomentum: Bool
    let useBeta1: Bool

    public init(optimizer: Optimizer, maxLr: [OptionValue], totalSteps: Int?, epochs: Int?, stepsPerEpoch: Int?, pctStart: OptionValue = 0.3,
                annealStrategy: String = "cos", cycleMomentum: Bool = true, baseMomentum: [OptionValue] = [0.85],
                maxMomentum: [OptionValue] = [0.95], divFactor: OptionValue = 25.0, finalDivFactor: OptionValue = 1e4,
                threePhase: Bool = false, lastEpoch: Int = -1) throws {
        if let totalSteps {
            guard totalSteps > 0 else { throw TorchError.value("Expected positive integer total_steps, but got \(totalSteps)") }
            self.totalSteps = totalSteps
        } else if let epochs, let stepsPerEpoch {
            guard epochs > 0 else { throw TorchError.value("Expected positive integer epochs, but got \(epochs)") }
            guard stepsPerEpoch > 0 else { throw TorchError.value("Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)") }
            self.totalSteps = epochs * stepsPerEpoch
        } else {
            throw TorchError.value("You must define either total_steps OR (epochs AND steps_per_epoch)")
        }
        guard case .float(let pct) = pctStart, pct >= 0, pct <= 1 else {
            throw TorchError.value("Expected float between 0 and 1 pct_start, but got \(pctStart)")
        }
        let total = Double(self.totalSteps)
        if threePhase {
            phases = [Phase(endStep: pct * total - 1, startLr: "initial_lr", endLr: "max_lr", startMomentum: "max_momentum", endMomentum: "base_momentum"),
                      Phase(endStep: 2 * pct * total - 2, startLr: "max_lr", endLr: "initial_lr", startMomentum: "base_momentum", endMomentum: "max_momentum"),
                      Phase(endStep: total - 1, startLr: "initial_lr", endLr: "min_lr", startMomentum: "max_momentum", endMomentum: "max_momentum")]
        } else {
            phases = [Phase(endStep: pct * total - 1, startLr: "initial_lr", endLr: "max_lr", startMomentum: "max_momentum", endMomentum: "base_momentum"),
                      Phase(endStep: total - 1, startLr: "max_lr", endLr: "min_lr", startMomentum: "base_momentum", endMomentum: "max_momentum")]
        }
        guard annealStrategy == "cos" || annealStrategy == "linear" else {
            throw TorchError.value("anneal_strategy must be one of 'cos' or 'linear', instead got \(annealStrategy)")
        }
        cosine = annealStrategy == "cos"
        let groups = optimizer.paramGroups
        func perGroup(_ name: String, _ values: [OptionValue]) throws -> [OptionValue] {
            if values.count == 1 { return Array(repeating: values[0], count: groups.count) }
            guard values.count == groups.count else {
                throw TorchError.value("expected \(groups.count) values for \(name), got \(values.count)")
            }
            return values
        }
        let maxLrs = try perGroup("max_lr", maxLr)
        if lastEpoch == -1 {
            for (i, g) in groups.enumerated() {
                let initial = OptionValue.float(try maxLrs[i].number() / (try divFactor.number()))
                g["initial_lr"] = initial
                g["max_lr"] = maxLrs[i]
                g["min_lr"] = .float(try initial.number() / (try finalDivFactor.number()))
            }
        }
        self.cycleMomentum = cycleMomentum
        let hasBetas = optimizer.defaults.contains { $0.key == "betas" }
        useBeta1 = hasBetas
        if cycleMomentum {
            guard hasBetas || optimizer.defaults.contains(where: { $0.key == "momentum" }) else {
                throw TorchError.value("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            }
            let maxMs = try perGroup("max_momentum", maxMomentum), baseMs = try perGroup("base_momentum", baseMomentum)
            if lastEpoch == -1 {
                for (i, g) in groups.enumerated() {
                    if hasBetas, case .tuple(let b)? = g["betas"] { g["betas"] = .tuple([maxMs[i]] + b.dropFirst()) } else { g["momentum"] = maxMs[i] }
                    g["max_momentum"] = maxMs[i]
                    g["base_momentum"] = baseMs[i]
                }
            }
        }
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        if cosine { return end + (start - end) / 2.0 * (Foundation.cos(Double.pi * pct) + 1) }
        return (end - start) * pct + start
    }

    open override func computeLr() throws -> [OptionValue] {
        let stepNum = lastEpoch
        if stepNum > totalSteps {
            throw TorchError.value("Tried to step \(stepNum) times. The specified number of total steps is \(totalSteps)")
        }
        var lrs: [OptionValue] = []
        for group in optimizer.paramGroups {
            var start = 0.0
            var lr = 0.0, momentum = 0.0
            for (i, phase) in phases.enumerated() {
                if Double(stepNum) <= phase.endStep || i == phases.count - 1 {
                    let pct = (Double(stepNum) - start) / (phase.endStep - start)
                    lr = anneal(try group.number(phase.startLr), try group.number(phase.endLr), pct)
                    if cycleMomentum { momentum = anneal(try group.number(phase.startMomentum), try group.number(phase.endMomentum), pct) }
                    break
                }
                start = phase.endStep
            }
            lrs.append(.float(lr))
            if cycleMomentum {
                if useBeta1, case .tuple(let b)? = group["betas"] { group["betas"] = .tuple([.float(momentum)] + b.dropFirst()) } else { group["momentum"] = .float(momentum) }
            }
        }
        return lrs
    }
}

/// `lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10,
/// threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08)`: multiplies the
/// learning rates by `factor` once a metric passed to `step(metric)` has not improved for
/// `patience` epochs.
public final class ReduceLROnPlateau {
    public let optimizer: Optimizer
    public let mode: String, thresholdMode: String
    public let factor: Double, threshold: Double, eps: Double
    public let patience: Int, cooldown: Int
    public private(set) var minLrs: [OptionValue]
    public private(set) var best: Double
    public private(set) var numBadEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var lastEpoch = 0
    public private(set) var lastLr: [OptionValue]

    public init(optimizer: Optimizer, mode: String = "min", factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: String = "rel", cooldown: Int = 0, minLr: [OptionValue] = [.int(0)], eps: Double = 1e-8) throws {
        guard factor < 1 else { throw TorchError.value("Factor should be < 1.0.") }
        if minLr.count != 1 && minLr.count != optimizer.paramGroups.count {
            throw TorchError.value("expected \(optimizer.paramGroups.count) min_lrs, got \(minLr.count)")
        }
        guard mode == "min" || mode == "max" else { throw TorchError.value("mode \(mode) is unknown!") }
        guard thresholdMode == "rel" || thresholdMode == "abs" else { throw TorchError.value("threshold mode \(thresholdMode) is unknown!") }
        self.optimizer = optimizer
        self.factor = factor
        self.minLrs = minLr.count == 1 ? Array(repeating: minLr[0], count: optimizer.paramGroups.count) : minLr
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.mode = mode
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        best = mode == "min" ? .infinity : -.infinity
        lastLr = optimizer.paramGroups.map { $0["lr"] ?? .none }
    }

    func isBetter(_ a: Double, _ best: Double) -> Bool {
        switch (mode, thresholdMode) {
        case ("min", "rel"): return a < best * (1 - threshold)
        case ("min", _): return a < best - threshold
        case (_, "rel"): return a > best * (threshold + 1)
        default: return a > best + threshold
        }
    }

    /// `scheduler.step(metrics)`.
    public func step(_ current: Double) throws {
        lastEpoch += 1
        if isBetter(current, best) {
            best = current
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            for (i, group) in optimizer.paramGroups.enumerated() {
                let old = try (group["lr"] ?? .none).number()
                let candidate = old * factor
                let minimum = try minLrs[i].number()
                // Python's max() keeps the first of equal values.
                let newLr: OptionValue = candidate >= minimum ? .float(candidate) : minLrs[i]
                if old - (try newLr.number()) > eps { group["lr"] = newLr }
            }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLr = optimizer.paramGroups.map { $0["lr"] ?? .none }
    }
}
