import Foundation
import Interpreter
import Engine
import NN

/// One call of a traced forward pass whose result is a tensor (or the call that failed).
struct TraceStep {
    /// What the learner wrote (`self.conv1(x)`, `F.max_pool2d(…, 2)`), or the child's access
    /// path for a Sequential (`net[0]`).
    let text: String
    let callee: Value
    let arguments: Arguments
    /// The first tensor argument: the input whose size the step changes.
    let input: Tensor?
    /// Nil for the step that failed.
    let output: Tensor?
}

/// Runs a network once on a given input and records every step of its forward: for a Python
/// `forward`, each call made directly in its body (through `Interpreter.callObserver`); for a
/// `nn.Sequential`, each child (through a forward hook). The session is left as it was:
/// no gradients, no RNG draws, no BatchNorm statistics updated, observers and hooks removed.
final class ShapeTrace {
    private(set) var steps: [TraceStep] = []
    /// The forward's error, when it failed; the failing step is then the last of `steps`.
    private(set) var error: Error?

    /// A call at the forward's own level that raised; kept until the forward ends, since a
    /// `try`/`except` in the forward may catch it.
    private var pendingFailure: TraceStep?

    static func run(_ net: Module, netText: String, input: Tensor, interpreter: Interpreter, callSite: SourceRange) -> ShapeTrace {
        let trace = ShapeTrace()
        // eval(): dropout draws nothing and BatchNorm neither needs a batch nor updates its
        // running statistics; shapes are the same as in training.
        let modes = net.namedModules().map { ($0.1, $0.1.training) }
        net.eval()
        let rng = Generator.global.rngState()
        let previousObserver = interpreter.callObserver
        var hookIDs: [(Module, Int)] = []
        defer {
            interpreter.callObserver = previousObserver
            for (m, id) in hookIDs { m.removeForwardObserver(id) }
            for (m, mode) in modes { m.training = mode }
            // A forward that draws (torch.randn inside it) must not shift the learner's numbers.
            if Generator.global.rngState() != rng { Generator.global.setRngState(rng) }
        }

        // Sequential runs its children from Swift, without call sites: each child reports
        // through a forward hook instead, in order (a child listed twice reports each run).
        var children: [(name: String, module: Module)] = []
        if net is ScriptedModule {
            let depth = interpreter.frameDepth + 1
            interpreter.callObserver = { [unowned trace] event in
                previousObserver?(event)
                guard event.depth == depth else { return }
                trace.observe(event)
            }
        } else if let seq = net as? Sequential {
            children = seq.childEntries.compactMap { entry in entry.module.map { (entry.name, $0) } }
            var seen = Set<ObjectIdentifier>()
            for child in children.map(\.module) where seen.insert(ObjectIdentifier(child)).inserted {
                let id = child.addForwardObserver { [unowned trace] m, inputs, output in
                    let k = trace.steps.count
                    guard k < children.count else { return }
                    let args = Arguments(inputs.compactMap(asValue))
                    trace.steps.append(TraceStep(text: childPath(netText, children[k].name), callee: .module(m),
                                                 arguments: args, input: firstTensor(args), output: asTensor(output)))
                }
                hookIDs.append((child, id))
            }
        }

        do {
            let out = try GradMode.with(false) {
                try interpreter.call(.module(net), Arguments([.tensor(input)]), range: callSite)
            }
            // A single layer (no Python forward, not a Sequential) is its own one step.
            if !(net is ScriptedModule) && !(net is Sequential), case .tensor(let t) = out {
                trace.steps.append(TraceStep(text: "\(netText)(x)", callee: .module(net), arguments: Arguments([.tensor(input)]),
                                             input: input, output: t))
            }
        } catch {
            trace.error = error
            if let failed = trace.pendingFailure {
                trace.steps.append(failed)
            } else if net is Sequential {
                // The child that did not report is the one that raised.
                let k = trace.steps.count
                if k < children.count {
                    let previous = trace.steps.last?.output ?? input
                    trace.steps.append(TraceStep(text: childPath(netText, children[k].name), callee: .module(children[k].module),
                                                 arguments: Arguments([.tensor(previous)]), input: previous, output: nil))
                }
            } else if !(net is ScriptedModule) {
                trace.steps.append(TraceStep(text: "\(netText)(x)", callee: .module(net), arguments: Arguments([.tensor(input)]),
                                             input: input, output: nil))
            }
        }
        return trace
    }

    private func observe(_ event: CallEvent) {
        func step(_ output: Tensor?) -> TraceStep {
            TraceStep(text: CallSiteText.abbreviated(event.range), callee: event.callee,
                      arguments: event.arguments, input: ShapeTrace.firstTensor(event.arguments), output: output)
        }
        if let result = event.result {
            // A later call returned: an earlier failure was caught by the forward itself.
            pendingFailure = nil
            if case .tensor(let t) = result { steps.append(step(t)) }
        } else if pendingFailure == nil {
            pendingFailure = step(nil)
        }
    }

    /// `net[0]` for a numbered child, `net.conv1` for a named one: what the learner can type.
    static func childPath(_ netText: String, _ name: String) -> String {
        Int(name) != nil ? "\(netText)[\(name)]" : "\(netText).\(name)"
    }

    static func firstTensor(_ args: Arguments) -> Tensor? {
        for v in args.positional { if case .tensor(let t) = v { return t } }
        return nil
    }

    /// Hooks see the interpreter's Values (calls from Python) or Tensors (calls from Swift).
    static func asTensor(_ x: Any) -> Tensor? {
        if let t = x as? Tensor { return t }
        if case .tensor(let t)? = x as? Value { return t }
        return nil
    }

    static func asValue(_ x: Any) -> Value? {
        if let v = x as? Value { return v }
        if let t = x as? Tensor { return .tensor(t) }
        return nil
    }
}
