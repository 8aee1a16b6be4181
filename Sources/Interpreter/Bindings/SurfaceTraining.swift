import Foundation
import Engine
import NN

/// Training pieces of the wider surface: the other losses (nn classes and F functions), the
/// optimizers Adagrad/Adadelta/Adamax/NAdam/RAdam, the schedulers MultiStepLR,
/// CosineAnnealingLR, LambdaLR, OneCycleLR, ReduceLROnPlateau, and torch.nn.utils.
extension Interpreter {
    /// The reduction string of a loss constructor; like PyTorch's `_Loss`, an unknown one is
    /// only rejected when the loss is computed.
    func lossReduction(_ b: BoundArgs, allowBatchmean: Bool = false) throws -> String {
        try b.string("reduction")
    }

    func addSurfaceLosses(_ ns: NamespaceObject) {
        let legacy = "size_average=None, reduce=None"
        _ = surfaceLayer(ns, "SmoothL1Loss", "loss", SmoothL1Loss.self, "\(legacy), reduction='mean', beta=1.0") { [unowned self] b in
            SmoothL1Loss(reduction: try self.lossReduction(b), beta: try self.optionValue(b["beta"]))
        }
        _ = surfaceLayer(ns, "HuberLoss", "loss", HuberLoss.self, "reduction='mean', delta=1.0") { [unowned self] b in
            HuberLoss(reduction: try self.lossReduction(b), delta: try self.optionValue(b["delta"]))
        }
        _ = surfaceLayer(ns, "KLDivLoss", "loss", KLDivLoss.self, "\(legacy), reduction='mean', log_target=False") { [unowned self] b in
            KLDivLoss(reduction: try self.lossReduction(b, allowBatchmean: true), logTarget: try b.bool("log_target"))
        }
        _ = surfaceLayer(ns, "SoftMarginLoss", "loss", SoftMarginLoss.self, "\(legacy), reduction='mean'") { [unowned self] b in
            SoftMarginLoss(reduction: try self.lossReduction(b))
        }
        _ = surfaceLayer(ns, "PoissonNLLLoss", "loss", PoissonNLLLoss.self, "log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'") { [unowned self] b in
            PoissonNLLLoss(logInput: try b.bool("log_input"), full: try b.bool("full"), eps: try self.optionValue(b["eps"]), reduction: try self.lossReduction(b))
        }
        _ = surfaceLayer(ns, "HingeEmbeddingLoss", "loss", HingeEmbeddingLoss.self, "margin=1.0, \(legacy), reduction='mean'") { [unowned self] b in
            HingeEmbeddingLoss(margin: try self.optionValue(b["margin"]), reduction: try self.lossReduction(b))
        }
        _ = surfaceLayer(ns, "CosineEmbeddingLoss", "loss", CosineEmbeddingLoss.self, "margin=0.0, \(legacy), reduction='mean'") { [unowned self] b in
            CosineEmbeddingLoss(margin: try self.optionValue(b["margin"]), reduction: try self.lossReduction(b))
        }
        _ = surfaceLayer(ns, "MarginRankingLoss", "loss", MarginRankingLoss.self, "margin=0.0, \(legacy), reduction='mean'") { [unowned self] b in
            MarginRankingLoss(margin: try self.optionValue(b["margin"]), reduction: try self.lossReduction(b))
        }
        _ = surfaceLayer(ns, "TripletMarginLoss", "loss", TripletMarginLoss.self, "margin=1.0, p=2.0, eps=1e-06, swap=False, \(legacy), reduction='mean'") { [unowned self] b in
            TripletMarginLoss(margin: try self.optionValue(b["margin"]), p: try self.optionValue(b["p"]), eps: try self.optionValue(b["eps"]),
                              swap: try b.bool("swap"), reduction: try self.lossReduction(b))
        }
        _ = surfaceLayer(ns, "GaussianNLLLoss", "loss", GaussianNLLLoss.self, "*, full=False, eps=1e-06, reduction='mean'") { [unowned self] b in
            GaussianNLLLoss(full: try b.bool("full"), eps: try self.optionValue(b["eps"]), reduction: try self.lossReduction(b))
        }
    }

    func addSurfaceFunctionalLosses(_ ns: NamespaceObject) {
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return .tensor(try body(try Signature.of(name, sig).bind(a, self)).asTensor()) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        func red(_ b: BoundArgs) throws -> Reduction { try Reduction.parse(try b.string("reduction")) }
        let legacy = "size_average=None, reduce=None"
        def("smooth_l1_loss", "input, target, \(legacy), reduction='mean', beta=1.0") { b in
            .tensor(try smoothL1Loss(try b.tensor("input"), try b.tensor("target"), reduction: try red(b), beta: try b.double("beta")))
        }
        def("huber_loss", "input, target, reduction='mean', delta=1.0, weight=None") { b in
            if let w = try b.optionalTensor("weight") {
                let x = try b.tensor("input")
                guard w.shape == x.shape else { throw PyError(.valueError, "Weights and input must have the same size.") }
                let weighted = try mul(.tensor(try huberLoss(x, try b.tensor("target"), reduction: .none, delta: try b.double("delta"))), .tensor(w))
                switch try red(b) {
                case .none: return .tensor(weighted)
                case .sum: return .tensor(try weighted.sum())
                case .mean: return .tensor(try weighted.mean())
                }
            }
            return .tensor(try huberLoss(try b.tensor("input"), try b.tensor("target"), reduction: try red(b), delta: try b.double("delta")))
        }
        def("kl_div", "input, target, \(legacy), reduction='mean', log_target=False") { b in
            .tensor(try klDiv(try b.tensor("input"), try b.tensor("target"), reduction: try b.string("reduction"), logTarget: try b.bool("log_target")))
        }
        def("soft_margin_loss", "input, target, \(legacy), reduction='mean'") { b in
            .tensor(try softMarginLoss(try b.tensor("input"), try b.tensor("target"), reduction: try red(b)))
        }
        def("poisson_nll_loss", "input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'") { b in
            .tensor(try poissonNLLLoss(try b.tensor("input"), try b.tensor("target"), logInput: try b.bool("log_input"), full: try b.bool("full"),
                                       eps: try b.double("eps"), reduction: try red(b)))
        }
        def("gaussian_nll_loss", "input, target, var, full=False, eps=1e-06, reduction='mean'") { b in
            let x = try b.tensor("input")
            var v: Tensor
            if case .tensor(let t) = b["var"] { v = t } else {
                let d = try b.double("var")
                guard d >= 0 else { throw PyError(.valueError, "var has negative entry/entries") }
                v = try Tensor.full(x.shape, d)
            }
            return .tensor(try gaussianNLLLoss(x, try b.tensor("target"), v, full: try b.bool("full"), eps: try b.double("eps"), reduction: try b.string("reduction")))
        }
        def("hinge_embedding_loss", "input, target, margin=1.0, \(legacy), reduction='mean'") { b in
            .tensor(try hingeEmbeddingLoss(try b.tensor("input"), try b.tensor("target"), margin: try b.double("margin"), reduction: try red(b)))
        }
        def("cosine_embedding_loss", "input1, input2, target, margin=0, \(legacy), reduction='mean'") { b in
            .tensor(try cosineEmbeddingLoss(try b.tensor("input1"), try b.tensor("input2"), try b.tensor("target"), margin: try b.double("margin"), reduction: try red(b)))
        }
        def("margin_ranking_loss", "input1, input2, target, margin=0, \(legacy), reduction='mean'") { b in
            .tensor(try marginRankingLoss(try b.tensor("input1"), try b.tensor("input2"), try b.tensor("target"), margin: try b.double("margin"), reduction: try red(b)))
        }
        def("triplet_margin_loss", "anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, \(legacy), reduction='mean'") { b in
            .tensor(try tripletMarginLoss(try b.tensor("anchor"), try b.tensor("positive"), try b.tensor("negative"), margin: try b.double("margin"),
                                          p: try b.double("p"), eps: try b.double("eps"), swap: try b.bool("swap"), reduction: try red(b)))
        }
    }

    /// `(beta1, beta2)` from a Python pair.
    func betasArgument(_ b: BoundArgs) throws -> (OptionValue, OptionValue) {
        if b.isNone("betas") { return (.float(0.9), .float(0.999)) }
        let items = try collect(b["betas"], range: nil)
        guard items.count == 2 else { throw PyError(.valueError, "betas must be a pair") }
        return (try optionValue(items[0]), try optionValue(items[1]))
    }

    func addSurfaceOptimizers(_ ns: NamespaceObject) {
        func optimizer(_ name: String, _ sig: String, _ make: @escaping (BoundArgs, ParamsArgument) throws -> Optimizer) {
            let t = BuiltinType(name, test: { v in
                if case .object(let o as OptimizerObject) = v { return o.optimizer.typeName == name }
                return false
            }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", sig).bind(a, self)
                let params = try self.paramsArgument(b["params"], name)
                do { return .object(OptimizerObject(try make(b, params))) } catch let e as TorchError { throw PyError(e) }
            }
            t.signature = sig
            ns.members[name] = .object(t)
        }
        optimizer("Adagrad", "params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None") { [unowned self] b, p in
            try Adagrad(p, lr: try self.optionValue(b["lr"]), lrDecay: try self.optionValue(b["lr_decay"]), weightDecay: try self.optionValue(b["weight_decay"]),
                        initialAccumulatorValue: try self.optionValue(b["initial_accumulator_value"]), eps: try self.optionValue(b["eps"]),
                        maximize: try b.bool("maximize"))
        }
        optimizer("Adadelta", "params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, foreach=None, *, capturable=False, maximize=False, differentiable=False") { [unowned self] b, p in
            try Adadelta(p, lr: try self.optionValue(b["lr"]), rho: try self.optionValue(b["rho"]), eps: try self.optionValue(b["eps"]),
                         weightDecay: try self.optionValue(b["weight_decay"]), maximize: try b.bool("maximize"))
        }
        optimizer("Adamax", "params, lr=0.002, betas=None, eps=1e-08, weight_decay=0, foreach=None, *, maximize=False, differentiable=False, capturable=False") { [unowned self] b, p in
            try Adamax(p, lr: try self.optionValue(b["lr"]), betas: try self.betasArgument(b), eps: try self.optionValue(b["eps"]),
                       weightDecay: try self.optionValue(b["weight_decay"]), maximize: try b.bool("maximize"))
        }
        optimizer("NAdam", "params, lr=0.002, betas=None, eps=1e-08, weight_decay=0, momentum_decay=0.004, decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False, differentiable=False") { [unowned self] b, p in
            try NAdam(p, lr: try self.optionValue(b["lr"]), betas: try self.betasArgument(b), eps: try self.optionValue(b["eps"]),
                      weightDecay: try self.optionValue(b["weight_decay"]), momentumDecay: try self.optionValue(b["momentum_decay"]),
                      decoupledWeightDecay: try b.bool("decoupled_weight_decay"), maximize: try b.bool("maximize"))
        }
        optimizer("RAdam", "params, lr=0.001, betas=None, eps=1e-08, weight_decay=0, decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False, differentiable=False") { [unowned self] b, p in
            try RAdam(p, lr: try self.optionValue(b["lr"]), betas: try self.betasArgument(b), eps: try self.optionValue(b["eps"]),
                      weightDecay: try self.optionValue(b["weight_decay"]), decoupledWeightDecay: try b.bool("decoupled_weight_decay"),
                      maximize: try b.bool("maximize"))
        }
    }

    /// One value or one per parameter group (a list/tuple).
    func perGroupValues(_ v: Value) throws -> [OptionValue] {
        switch v {
        case .list(let l): return try l.items.map { try optionValue($0) }
        case .tuple(let items): return try items.map { try optionValue($0) }
        default: return [try optionValue(v)]
        }
    }

    func addSurfaceSchedulers(_ ns: NamespaceObject) {
        func scheduler(_ name: String, _ sig: String, _ make: @escaping (BoundArgs, Optimizer) throws -> LRScheduler) {
            let t = BuiltinType(name, test: { v in
                if case .object(let o as SchedulerObject) = v { return o.scheduler.typeName == name }
                return false
            }) { [unowned self] a, _ in
                let b = try Signature.of("\(name).__init__", sig).bind(a, self)
                guard case .object(let opt as OptimizerObject) = b["optimizer"] else {
                    throw PyError(.typeError, "\(self.typeName(b["optimizer"])) is not an Optimizer")
                }
                do { return .object(SchedulerObject(try make(b, opt.optimizer))) } catch let e as TorchError { throw PyError(e) }
            }
            t.signature = sig
            ns.members[name] = .object(t)
        }
        scheduler("MultiStepLR", "optimizer, milestones, gamma=0.1, last_epoch=-1") { [unowned self] b, o in
            try MultiStepLR(optimizer: o, milestones: try self.collect(b["milestones"], range: nil).map { try self.intValue($0) },
                            gamma: try self.optionValue(b["gamma"]), lastEpoch: try b.int("last_epoch"))
        }
        scheduler("CosineAnnealingLR", "optimizer, T_max, eta_min=0.0, last_epoch=-1") { [unowned self] b, o in
            try CosineAnnealingLR(optimizer: o, tMax: try b.int("T_max"), etaMin: try self.optionValue(b["eta_min"]), lastEpoch: try b.int("last_epoch"))
        }
        scheduler("LambdaLR", "optimizer, lr_lambda, last_epoch=-1") { [unowned self] b, o in
            // A list or tuple gives one function per group (its length must match, even 1);
            // anything else serves every group.
            let fns: [Value]
            var perGroup = true
            switch b["lr_lambda"] {
            case .list(let l): fns = l.items
            case .tuple(let t): fns = t
            default: fns = [b["lr_lambda"]]; perGroup = false
            }
            if perGroup && fns.count != o.paramGroups.count {
                throw PyError(.valueError, "Expected \(o.paramGroups.count) lr_lambdas, but got \(fns.count)")
            }
            let lambdas: [(Int) throws -> OptionValue] = fns.map { f in
                { [unowned self] epoch in try self.optionValue(try self.call(f, Arguments([.int(epoch)]))) }
            }
            return try LambdaLR(optimizer: o, lambdas: lambdas, lastEpoch: try b.int("last_epoch"))
        }
        scheduler("OneCycleLR", "optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, three_phase=False, last_epoch=-1") { [unowned self] b, o in
            try OneCycleLR(optimizer: o, maxLr: try self.perGroupValues(b["max_lr"]), totalSteps: try b.optionalInt("total_steps"),
                           epochs: try b.optionalInt("epochs"), stepsPerEpoch: try b.optionalInt("steps_per_epoch"),
                           pctStart: try self.optionValue(b["pct_start"]), annealStrategy: try b.string("anneal_strategy"),
                           cycleMomentum: try b.bool("cycle_momentum"), baseMomentum: try self.perGroupValues(b["base_momentum"]),
                           maxMomentum: try self.perGroupValues(b["max_momentum"]), divFactor: try self.optionValue(b["div_factor"]),
                           finalDivFactor: try self.optionValue(b["final_div_factor"]), threePhase: try b.bool("three_phase"),
                           lastEpoch: try b.int("last_epoch"))
        }
        let plateauSig = "optimizer, mode='min', factor=0.1, patience=10, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08"
        let plateau = BuiltinType("ReduceLROnPlateau", test: { if case .object(is PlateauSchedulerObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            let b = try Signature.of("ReduceLROnPlateau.__init__", plateauSig).bind(a, self)
            guard case .object(let opt as OptimizerObject) = b["optimizer"] else {
                throw PyError(.typeError, "\(self.typeName(b["optimizer"])) is not an Optimizer")
            }
            do {
                return .object(PlateauSchedulerObject(try ReduceLROnPlateau(
                    optimizer: opt.optimizer, mode: try b.string("mode"), factor: try b.double("factor"), patience: try b.int("patience"),
                    threshold: try b.double("threshold"), thresholdMode: try b.string("threshold_mode"), cooldown: try b.int("cooldown"),
                    minLr: try self.perGroupValues(b["min_lr"]), eps: try b.double("eps"))))
            } catch let e as TorchError { throw PyError(e) }
        }
        plateau.signature = plateauSig
        ns.members["ReduceLROnPlateau"] = .object(plateau)
    }

    func makeNNUtilsModule() -> NamespaceObject {
        let ns = NamespaceObject("torch.nn.utils")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            let f = BuiltinFunction(name) { [unowned self] a, _ in
                do { return try body(try Signature.of(name, sig).bind(a, self)) } catch let e as TorchError { throw PyError(e) }
            }
            f.signature = sig
            ns.members[name] = .builtin(f)
        }
        def("clip_grad_norm_", "parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None") { [unowned self] b in
            let params = try self.tensorsArgument(b["parameters"], "parameters")
            let normType: Double
            if case .str(let s) = b["norm_type"] {
                guard s == "inf" else { throw PyError(.valueError, "could not convert string to float: '\(s)'") }
                normType = .infinity
            } else { normType = try b.double("norm_type") }
            return .tensor(try clipGradNorm(params, maxNorm: try b.double("max_norm"), normType: normType, errorIfNonfinite: try b.bool("error_if_nonfinite")))
        }
        ns.members["clip_grad_norm"] = ns.members["clip_grad_norm_"]
        def("clip_grad_value_", "parameters, clip_value, foreach=None") { [unowned self] b in
            let v = try b.double("clip_value")
            for p in try self.tensorsArgument(b["parameters"], "parameters") {
                guard let g = p.grad else { continue }
                let c = try GradMode.with(false) { try clamp(g, min: .float(-v), max: .float(v)) }
                try GradMode.with(false) { _ = try g.copyFrom(c) }
            }
            return .none
        }
        def("parameters_to_vector", "parameters") { [unowned self] b in
            let params = try self.tensorsArgument(b["parameters"], "parameters")
            return .tensor(try cat(try params.map { try $0.view([-1]) }, dim: 0))
        }
        def("vector_to_parameters", "vec, parameters") { [unowned self] b in
            let vec = try b.tensor("vec")
            guard vec.ndim == 1 else { throw PyError(.typeError, "expected torch.Tensor, but got: \(self.typeName(b["vec"]))") }
            var pointer = 0
            for p in try self.tensorsArgument(b["parameters"], "parameters") {
                let n = p.numel
                let part = try GradMode.with(false) { try vec.narrow(0, start: pointer, length: n).view(p.shape) }
                try p.setData(part.data)
                pointer += n
            }
            return .none
        }
        let rnn = NamespaceObject("torch.nn.utils.rnn")
        rnn.members["pad_sequence"] = .builtin(BuiltinFunction("pad_sequence") { [unowned self] a, _ in
            let b = try Signature.of("pad_sequence", "sequences, batch_first=False, padding_value=0.0, padding_side='right'").bind(a, self)
            do {
                return .tensor(try padSequence(try self.tensorsArgument(b["sequences"], "sequences"), batchFirst: try b.bool("batch_first"),
                                               paddingValue: try b.double("padding_value"), left: try b.string("padding_side") == "left"))
            } catch let e as TorchError { throw PyError(e) }
        })
        addPackedSequence(rnn)
        ns.members["rnn"] = .object(rnn)
        return ns
    }
}

/// `clip_grad_norm_`: the norm of the per-parameter gradient norms; every gradient is scaled by
/// min(max_norm / (total + 1e-6), 1) (a tensor computation, as in torch.nn.utils).
func clipGradNorm(_ params: [Tensor], maxNorm: Double, normType: Double, errorIfNonfinite: Bool) throws -> Tensor {
    try GradMode.with(false) {
        let grads = params.compactMap(\.grad)
        guard !grads.isEmpty else { return Tensor(scalar: Float(0)) }
        let norms = try grads.map { try vectorNorm($0, p: normType, dims: nil, keepdim: false) }
        let total = try vectorNorm(try stack(norms, dim: 0), p: normType, dims: nil, keepdim: false)
        let t = total.floatValues()[0]
        if errorIfNonfinite && !t.isFinite {
            throw TorchError.runtime("The total norm of order \(pythonFloatRepr(normType)) for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`")
        }
        // max_norm / (total + 1e-6): a Python number over a tensor is reciprocal(t) * number.
        let coef = try mul(.tensor(try reciprocal(try add(.tensor(total), .scalar(.float(1e-6))))), .scalar(.float(maxNorm)))
        let clamped = try clamp(coef, min: nil, max: .float(1.0))
        for g in grads { try g.arithmeticInPlace(.mul, .tensor(clamped)) }
        return total
    }
}

/// `nn.utils.rnn.pad_sequence`: stacks variable-length sequences (L_i, *) into (B, L_max, *)
/// (batch_first) or (L_max, B, *), padding with `paddingValue`.
func padSequence(_ seqs: [Tensor], batchFirst: Bool, paddingValue: Double, left: Bool) throws -> Tensor {
    guard let first = seqs.first else { throw TorchError.runtime("received an empty list of sequences") }
    let maxLen = seqs.map { $0.shape.first ?? 0 }.max() ?? 0
    let trailing = Array(first.shape.dropFirst())
    let padded = try seqs.map { s -> Tensor in
        let len = s.shape.first ?? 0
        if len == maxLen { return s }
        let fill = try Tensor.full([maxLen - len] + trailing, paddingValue, dtype: s.dtype)
        return try cat(left ? [fill, s] : [s, fill], dim: 0)
    }
    return try stack(padded, dim: batchFirst ? 0 : 1)
}

/// `ReduceLROnPlateau` as Python sees it.
final class PlateauSchedulerObject: NativeObject {
    let scheduler: ReduceLROnPlateau
    init(_ s: ReduceLROnPlateau) { scheduler = s }
    override var typeName: String { "ReduceLROnPlateau" }
    override func repr() -> String { "<torch.optim.lr_scheduler.ReduceLROnPlateau object at \(addressString(self))>" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "step":
            return .builtin(BuiltinFunction("step") { [unowned interp] a, _ in
                let b = try Signature.of("step", "metrics, epoch=None").bind(a, interp)
                let current: Double
                switch b["metrics"] {
                case .tensor(let t):
                    guard t.numel == 1 else { throw PyError(.runtimeError, "a Tensor with \(t.numel) elements cannot be converted to Scalar") }
                    current = t.doubleValue(atFlat: 0)
                default:
                    guard let d = interp.numberValue(b["metrics"]) else { throw PyError(.typeError, "float() argument must be a string or a real number, not '\(interp.typeName(b["metrics"]))'") }
                    current = d
                }
                do { try self.scheduler.step(current) } catch let e as TorchError { throw PyError(e) }
                return .none
            })
        case "get_last_lr":
            return .builtin(BuiltinFunction("get_last_lr") { [unowned interp] _, _ in .list(PyList(self.scheduler.lastLr.map(interp.value))) })
        case "best": return .float(scheduler.best)
        case "num_bad_epochs": return .int(scheduler.numBadEpochs)
        case "last_epoch": return .int(scheduler.lastEpoch)
        case "patience": return .int(scheduler.patience)
        case "factor": return .float(scheduler.factor)
        case "cooldown_counter": return .int(scheduler.cooldownCounter)
        case "mode": return .str(scheduler.mode)
        case "optimizer": return nil
        default: return nil
        }
    }
}

private extension Value {
    /// A binding body's result: always a tensor here.
    func asTensor() throws -> Tensor {
        if case .tensor(let t) = self { return t }
        throw PyError(.typeError, "expected a Tensor result")
    }
}

/// `torch.nn.utils.rnn.PackedSequence` as Python sees it: a named tuple (data, batch_sizes,
/// sorted_indices, unsorted_indices).
final class PackedSequenceObject: NativeObject {
    let sequence: PackedSequence
    var interpRepr: ((Value) -> String)?
    init(_ s: PackedSequence) { sequence = s }
    override var typeName: String { "PackedSequence" }
    var fields: [(String, Value)] {
        [("data", .tensor(sequence.data)), ("batch_sizes", .tensor(sequence.batchSizesTensor)),
         ("sorted_indices", sequence.sortedIndices.map { .tensor($0) } ?? .none),
         ("unsorted_indices", sequence.unsortedIndices.map { .tensor($0) } ?? .none)]
    }
    override func repr() -> String {
        "PackedSequence(" + fields.map { "\($0.0)=\(interpRepr?($0.1) ?? "?")" }.joined(separator: ", ") + ")"
    }
    override func length() throws -> Int? { 4 }
    override func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { AnyIterator(fields.map(\.1).makeIterator()) }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        fields[try interp.sequenceIndex(key, 4, "tuple")].1
    }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { fields.first { $0.0 == name }?.1 }
}

extension Interpreter {
    func packedValue(_ s: PackedSequence) -> Value {
        let o = PackedSequenceObject(s)
        o.interpRepr = { [unowned self] v in (try? self.repr(v)) ?? "?" }
        return .object(o)
    }

    func packedArgument(_ v: Value, _ function: String) throws -> PackedSequence {
        guard case .object(let o as PackedSequenceObject) = v else {
            throw PyError(.attributeError, "'\(typeName(v))' object has no attribute 'batch_sizes'")
        }
        return o.sequence
    }

    /// pack_padded_sequence, pad_packed_sequence, pack_sequence and the PackedSequence type.
    func addPackedSequence(_ rnn: NamespaceObject) {
        rnn.members["PackedSequence"] = .object(BuiltinType("PackedSequence", test: { if case .object(is PackedSequenceObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            let b = try Signature.of("PackedSequence", "data, batch_sizes=None, sorted_indices=None, unsorted_indices=None").bind(a, self)
            let sorted = try b.optionalTensor("sorted_indices")
            var unsorted = try b.optionalTensor("unsorted_indices")
            if unsorted == nil, let sorted {
                var inv = [Int64](repeating: 0, count: sorted.numel)
                for (i, v) in sorted.int64Values().enumerated() { inv[Int(v)] = Int64(i) }
                unsorted = try Tensor(int64s: inv, shape: [inv.count])
            }
            return self.packedValue(PackedSequence(data: try b.tensor("data"), batchSizes: try b.intList("batch_sizes"),
                                                   sortedIndices: sorted, unsortedIndices: unsorted))
        })
        rnn.members["pack_padded_sequence"] = .builtin(BuiltinFunction("pack_padded_sequence") { [unowned self] a, _ in
            let b = try Signature.of("pack_padded_sequence", "input, lengths, batch_first=False, enforce_sorted=True").bind(a, self)
            let lengths: [Int64]
            if case .tensor(let t) = b["lengths"] {
                lengths = try t.to(.int64).int64Values()
            } else {
                lengths = try b.intList("lengths").map(Int64.init)
            }
            do {
                return self.packedValue(try packPaddedSequence(try b.tensor("input"), lengths: lengths, batchFirst: try b.bool("batch_first"),
                                                               enforceSorted: try b.bool("enforce_sorted")))
            } catch let e as TorchError { throw PyError(e) }
        })
        rnn.members["pad_packed_sequence"] = .builtin(BuiltinFunction("pad_packed_sequence") { [unowned self] a, _ in
            let b = try Signature.of("pad_packed_sequence", "sequence, batch_first=False, padding_value=0.0, total_length=None").bind(a, self)
            do {
                let (padded, lengths) = try padPackedSequence(try self.packedArgument(b["sequence"], "pad_packed_sequence"), batchFirst: try b.bool("batch_first"),
                                                              paddingValue: try b.double("padding_value"), totalLength: try b.optionalInt("total_length"))
                return .tuple([.tensor(padded), .tensor(lengths)])
            } catch let e as TorchError { throw PyError(e) }
        })
        rnn.members["pack_sequence"] = .builtin(BuiltinFunction("pack_sequence") { [unowned self] a, _ in
            let b = try Signature.of("pack_sequence", "sequences, enforce_sorted=True").bind(a, self)
            let seqs = try self.tensorsArgument(b["sequences"], "sequences")
            do {
                let padded = try padSequence(seqs, batchFirst: false, paddingValue: 0, left: false)
                return self.packedValue(try packPaddedSequence(padded, lengths: seqs.map { Int64($0.shape.first ?? 0) }, batchFirst: false,
                                                               enforceSorted: try b.bool("enforce_sorted")))
            } catch let e as TorchError { throw PyError(e) }
        })
    }
}
