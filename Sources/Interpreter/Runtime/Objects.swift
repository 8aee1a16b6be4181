import Engine
import NN

/// Call arguments as Python passes them: positional values, then keyword pairs in order.
public struct Arguments {
    public var positional: [Value]
    public var keywords: [(String, Value)]
    public init(_ positional: [Value] = [], _ keywords: [(String, Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }
    public var isEmpty: Bool { positional.isEmpty && keywords.isEmpty }
}

/// A native object the bindings expose (torch.Size, dtype, optimizer, grad_fn, range, …).
/// Subclasses override what they support; the defaults raise Python's TypeErrors.
open class NativeObject {
    public init() {}
    /// Python's type name (`torch.Size`, `SGD`, `range`).
    open var typeName: String { "object" }
    open func repr() -> String { "<\(typeName) object at \(addressString(self))>" }
    open func str() -> String { repr() }
    open func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { nil }
    open func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    open func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        throw PyError(.typeError, "'\(typeName)' object is not callable")
    }
    open func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        throw PyError(.typeError, "'\(typeName)' object is not subscriptable")
    }
    open func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        throw PyError(.typeError, "'\(typeName)' object does not support item assignment")
    }
    /// The elements when iterated, or nil when not iterable.
    open func iterate(_ interp: Interpreter) throws -> AnyIterator<Value>? { nil }
    open func length() throws -> Int? { nil }
    open func equals(_ other: Value) -> Bool? { nil }
    open func hashKey() -> HashKey? { nil }
    open func truthy() -> Bool? { nil }
    /// Attribute names for dir() and completion.
    open func attributeNames() -> [String] { [] }
}

/// `0x7f…` style id of a reference (stable for the object's lifetime, like CPython's).
public func addressString(_ o: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: Unmanaged.passUnretained(o).toOpaque()), radix: 16)
}

/// A function defined with `def` or `lambda`.
public final class PyFunction {
    public let name: String
    public var qualifiedName: String
    public let parameters: Parameters
    public let body: [Stmt]
    /// For lambdas: the single expression.
    public let expression: Expr?
    public var defaults: [String: Value]
    /// The scope the function was defined in (closures).
    public let closure: Scope
    public let globals: Scope
    /// Names declared `global` / `nonlocal` in the body.
    public let globalNames: Set<String>
    public let nonlocalNames: Set<String>
    /// The class the function was defined in (for zero-argument `super()`).
    public weak var definingClass: PyClass?
    public let range: SourceRange?
    /// A `def` with `yield` in its body: a call returns a generator instead of running it.
    public var isGenerator = false
    /// A lambda's body as the statement running while it is evaluated (warnings name its line).
    public lazy var lambdaStatement: Stmt? = expression.map { Stmt(.expr($0), $0.range) }
    /// The function's `__dict__`: attributes set on it (`f.calls = 0`, `__isabstractmethod__`).
    public var attributes: [String: Value] = [:]

    public init(name: String, qualifiedName: String, parameters: Parameters, body: [Stmt], expression: Expr?,
                defaults: [String: Value], closure: Scope, globals: Scope, globalNames: Set<String>,
                nonlocalNames: Set<String>, range: SourceRange?) {
        self.name = name; self.qualifiedName = qualifiedName; self.parameters = parameters; self.body = body
        self.expression = expression; self.defaults = defaults; self.closure = closure; self.globals = globals
        self.globalNames = globalNames; self.nonlocalNames = nonlocalNames; self.range = range
    }
}

/// A function implemented in Swift (`print`, `torch.randn`, a tensor method once bound).
public final class BuiltinFunction {
    public let name: String
    /// Shown by help(); the PyTorch-style signature and summary.
    public let doc: String
    public let body: (Arguments, Interpreter) throws -> Value
    /// `method` for methods of modules and optimizers (Python methods in PyTorch).
    public var pythonTypeName = "builtin_function_or_method"
    /// The Python parameter list ("input, dim=None, *, dtype=None") when known: the shell offers
    /// its names as keyword completions without calling anything.
    public var signature: String?
    public init(_ name: String, doc: String = "", _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name; self.doc = doc; self.body = body
    }
}

/// `obj.method`: a function with its receiver.
public final class BoundMethod {
    public let receiver: Value
    public let function: Value
    public init(receiver: Value, function: Value) { self.receiver = receiver; self.function = function }
}

/// A class defined with `class`, or a builtin base that Python code may derive from.
public final class PyClass {
    public let name: String
    public var qualifiedName: String
    /// `__module__`: `__main__` for classes the program defines.
    public var moduleName = "__main__"
    public let bases: [PyClass]
    public let attributes: PyDict
    /// Builtin classes: nn.Module, object, Exception and its kin.
    public let builtinKind: BuiltinClassKind?
    /// `abc.ABC`, or a class made with `metaclass=ABCMeta`: it and its subclasses cannot be
    /// instantiated while abstract methods are left.
    public var isAbstractBase = false

    /// `layer`: a built-in layer class used as a base (`class MyLinear(nn.Linear)`).
    public enum BuiltinClassKind { case object, module, exception(String), layer(NativeObject) }

    public init(name: String, bases: [PyClass], attributes: PyDict, builtinKind: BuiltinClassKind? = nil) {
        self.name = name; self.qualifiedName = name; self.bases = bases; self.attributes = attributes; self.builtinKind = builtinKind
    }

    /// C3-lite method resolution order: depth-first, left to right, duplicates removed (last kept).
    public lazy var mro: [PyClass] = {
        var order: [PyClass] = [self]
        for b in bases { order += b.mro }
        var seen = Set<ObjectIdentifier>()
        var result: [PyClass] = []
        for c in order.reversed() where seen.insert(ObjectIdentifier(c)).inserted { result.insert(c, at: 0) }
        return result
    }()

    public func lookup(_ name: String) -> Value? {
        for c in mro { if let v = try? c.attributes.get(.str(name)) { return v } }
        return nil
    }

    public var derivesFromModule: Bool { mro.contains { if case .module = $0.builtinKind { return true }; return false } }

    /// The builtin exception this class derives from, if any.
    public var exceptionBase: String? {
        for c in mro { if case .exception(let n) = c.builtinKind { return n } }
        return nil
    }

    public func isSubclass(of other: PyClass) -> Bool { mro.contains { $0 === other } }
}

/// An instance of a user class that is not an nn.Module.
public final class PyInstance {
    public let cls: PyClass
    public let attributes = PyDict()
    public init(cls: PyClass) { self.cls = cls }
}

/// An instance of a user class deriving from nn.Module: a real Module (children and parameters
/// registered on assignment) that also holds the instance's plain attributes.
public final class ScriptedModule: Module {
    public let cls: PyClass
    /// Attributes that are neither parameters, buffers nor sub-modules (floats, functions, …).
    public let plainAttributes = PyDict()
    /// Set once `nn.Module.__init__` ran; assigning a module/parameter before that fails as in PyTorch.
    public var moduleInitialized = false
    /// Runs the Python `forward` for single-tensor calls made from Swift (Sequential, hooks).
    var forwardRunner: ((ScriptedModule, Tensor) throws -> Tensor)?
    /// For a class deriving from a built-in layer (`class MyLinear(nn.Linear)`): the layer
    /// `super().__init__(...)` built. Its parameters, buffers and children are registered on
    /// this module too (the same tensors); `pushToBase` hands this module's current ones to the
    /// layer before it runs, `pullFromBase` takes back what the layer replaced.
    public var builtinBase: Module?

    /// Gives the built-in base this module's registrations (a user may have replaced
    /// `self.weight` or appended children) and training flag.
    public func pushToBase() {
        guard let base = builtinBase else { return }
        for (name, t) in parameterEntries { base.registerParameter(name, t) }
        for (name, t) in bufferEntries { base.registerBuffer(name, t, persistent: !nonPersistentBuffers.contains(name)) }
        for (name, _) in base.childEntries { base.removeRegistered(name) }
        for (name, child) in childEntries { base.registerModule(name, child) }
        base.training = training
    }

    /// Takes the base's registrations back after it ran (BatchNorm's counters, a container's
    /// `append`).
    public func pullFromBase() {
        guard let base = builtinBase else { return }
        for (name, t) in base.parameterEntries where parameter(name) !== t || !hasParameter(name) { registerParameter(name, t) }
        for (name, t) in base.bufferEntries where buffer(name) !== t || !hasBuffer(name) {
            registerBuffer(name, t, persistent: !base.nonPersistentBuffers.contains(name))
        }
        let mine = childEntries.map { $0.name }, theirs = base.childEntries.map { $0.name }
        if mine != theirs || zip(childEntries, base.childEntries).contains(where: { $0.module !== $1.module }) {
            for name in mine { removeRegistered(name) }
            for (name, child) in base.childEntries { registerModule(name, child) }
        }
    }

    public override var optionAttributes: [(name: String, value: OptionValue)] { builtinBase?.optionAttributes ?? [] }

    public override func childReprLines() -> [String] {
        guard let base = builtinBase else { return super.childReprLines() }
        pushToBase()
        return base.childReprLines()
    }

    public init(cls: PyClass) {
        self.cls = cls
        super.init()
    }

    public override var typeName: String { cls.name }

    /// Containers call children through `call`; a Python module runs its `forward` (and its
    /// hooks) through the interpreter.
    public override func call(_ input: Tensor) throws -> Tensor {
        guard let run = forwardRunner else { return try super.call(input) }
        return try run(self, input)
    }

    public override func extraRepr() -> String {
        if let hook = extraReprRunner, cls.lookup("extra_repr") != nil { return hook(self) }
        return builtinBase?.extraRepr() ?? ""
    }
    var extraReprRunner: ((ScriptedModule) -> String)?
}

/// Python's variable scopes: a function's locals chain to its defining scope; the root is globals.
public final class Scope {
    public var vars: [String: Value] = [:]
    public let parent: Scope?
    /// A class body's scope: its names are not visible from functions nested in it.
    public var isClassScope = false
    public init(parent: Scope?) { self.parent = parent }

    public func lookup(_ name: String) -> Value? {
        if let v = vars[name] { return v }
        var s: Scope? = parent
        while let c = s {
            if !c.isClassScope, let v = c.vars[name] { return v }
            s = c.parent
        }
        return nil
    }

    /// The scope that holds `name` (for nonlocal assignment).
    public func owner(of name: String) -> Scope? {
        var s: Scope? = self
        while let c = s {
            if c.vars[name] != nil { return c }
            s = c.parent
        }
        return nil
    }
}
