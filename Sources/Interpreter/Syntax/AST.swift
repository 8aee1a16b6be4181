/// The syntax tree of the Python subset nnrepl speaks. Every node carries its source range,
/// so that any error can point at the expression that failed.

public final class Expr {
    public let kind: ExprKind
    public let range: SourceRange
    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
    public var location: SourceLocation { range.start }
}

public final class Stmt {
    public let kind: StmtKind
    public let range: SourceRange
    public init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
    public var location: SourceLocation { range.start }
}

public enum UnaryOp: String { case plus = "+", minus = "-", invert = "~", not = "not" }

public enum BinaryOp: String {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
    case matMul = "@", lshift = "<<", rshift = ">>", bitAnd = "&", bitOr = "|", bitXor = "^"
}

public enum BoolOp: String { case and, or }

public enum CompareOp: String {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}

/// One argument at a call site: positional, `name=value`, `*iterable` or `**mapping`.
public enum Argument {
    case positional(Expr)
    case keyword(String, Expr)
    case star(Expr)
    case doubleStar(Expr)
}

/// One part of an f-string: literal text, or `{expr!conv:spec}` where the spec may itself hold
/// replacement fields (`{x:{width}}`).
public enum FStringPart {
    case literal(String)
    /// `conversion` is "r", "s" or "a" when given; `debugText` is the `expr=` prefix text when the
    /// `=` specifier is used (it is printed before the value).
    case field(Expr, conversion: Character?, spec: [FStringPart], debugText: String?)
}

/// `for target in iter if cond1 if cond2` inside a comprehension.
public struct Comprehension {
    public let target: Expr
    public let iter: Expr
    public let conditions: [Expr]
    public init(target: Expr, iter: Expr, conditions: [Expr]) {
        self.target = target
        self.iter = iter
        self.conditions = conditions
    }
}

/// A function's parameter list: `def f(a, b=1, *args, c, d=2, **kwargs)`. Positional-only
/// markers (`/`) are accepted and ignored.
public struct Parameters {
    public struct Param {
        public let name: String
        public let defaultValue: Expr?
        public let range: SourceRange
        public init(name: String, defaultValue: Expr?, range: SourceRange) {
            self.name = name
            self.defaultValue = defaultValue
            self.range = range
        }
    }
    public var positional: [Param] = []      // before `*`
    public var varArgs: String? = nil        // `*args`
    public var keywordOnly: [Param] = []     // after `*` or `*args`
    public var varKeywords: String? = nil    // `**kwargs`
    public init() {}
}

public indirect enum ExprKind {
    case name(String)
    case int(Int)
    case float(Double)
    case string(String)
    case fstring([FStringPart])
    case bool(Bool)
    case none
    case ellipsis
    case list([Expr])
    case tuple([Expr])
    /// Key nil means `**mapping` spliced into the dict.
    case dict([(key: Expr?, value: Expr)])
    case set([Expr])
    case attribute(Expr, String)
    /// `x[i]`; a multi-index `x[0, :, 1:3]` is a `.tuple` of items; `x[1:2]` holds a `.slice`.
    case `subscript`(Expr, Expr)
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
    case call(Expr, [Argument])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case boolOp(BoolOp, [Expr])
    /// `a < b <= c` is compare(a, [(.lt, b), (.le, c)]).
    case compare(Expr, [(CompareOp, Expr)])
    case ifExp(test: Expr, body: Expr, orElse: Expr)
    case lambda(Parameters, Expr)
    case listComp(Expr, [Comprehension])
    case setComp(Expr, [Comprehension])
    case dictComp(key: Expr, value: Expr, [Comprehension])
    case generator(Expr, [Comprehension])
    /// `yield x` / `yield` (nil): only inside a `def`, which makes that function a generator.
    case yield(Expr?)
    /// `yield from iterable`.
    case yieldFrom(Expr)
    /// `*x` in a list/tuple display or an assignment target.
    case starred(Expr)
    /// `(x := value)`.
    case namedExpr(target: String, value: Expr)
}

public struct ExceptHandler {
    public let type: Expr?
    public let name: String?
    public let body: [Stmt]
    public let range: SourceRange
    public init(type: Expr?, name: String?, body: [Stmt], range: SourceRange) {
        self.type = type
        self.name = name
        self.body = body
        self.range = range
    }
}

public struct FunctionDef {
    public let name: String
    public let parameters: Parameters
    public let body: [Stmt]
    public let decorators: [Expr]
    /// A `yield` in the body (not in a nested def or class): calling it makes a generator.
    public let isGenerator: Bool
    public init(name: String, parameters: Parameters, body: [Stmt], decorators: [Expr], isGenerator: Bool = false) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.decorators = decorators
        self.isGenerator = isGenerator
    }
}

public struct ClassDef {
    public let name: String
    public let bases: [Expr]
    public let keywords: [(String, Expr)]
    public let body: [Stmt]
    public let decorators: [Expr]
    public init(name: String, bases: [Expr], keywords: [(String, Expr)], body: [Stmt], decorators: [Expr]) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.decorators = decorators
    }
}

public struct ImportName {
    /// Dotted module path (`torch.nn.functional`) or, in `from m import name`, the imported name.
    public let name: String
    public let asName: String?
    public let range: SourceRange
    public init(name: String, asName: String?, range: SourceRange) {
        self.name = name
        self.asName = asName
        self.range = range
    }
}

public indirect enum StmtKind {
    case expr(Expr)
    /// `a = b = value` has targets [a, b]. Targets are names, attributes, subscripts, tuples/lists
    /// of targets (possibly with one starred).
    case assign(targets: [Expr], value: Expr)
    case augAssign(target: Expr, op: BinaryOp, value: Expr)
    /// `x: int = 3` (the annotation is parsed and ignored by the evaluator).
    case annAssign(target: Expr, annotation: Expr, value: Expr?)
    case importModules([ImportName])
    /// `from module import a, b as c`; names == [] with star == true for `import *`.
    case importFrom(module: String, names: [ImportName], star: Bool)
    case forLoop(target: Expr, iter: Expr, body: [Stmt], orElse: [Stmt])
    case whileLoop(test: Expr, body: [Stmt], orElse: [Stmt])
    case ifStmt(test: Expr, body: [Stmt], orElse: [Stmt])
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case returnStmt(Expr?)
    case breakStmt
    case continueStmt
    case pass
    case with(items: [(context: Expr, target: Expr?)], body: [Stmt])
    case tryStmt(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt], finally: [Stmt])
    case raise(Expr?, cause: Expr?)
    case delete([Expr])
    case assert(Expr, message: Expr?)
    case global([String])
    case nonlocal([String])
    /// A shell magic line (`%watch net.conv1.bias`), only produced when the parser is asked to
    /// accept magics; `name` is "watch", `argument` the rest of the line, trimmed.
    case magic(name: String, argument: String)
    /// `obj?` / `obj??` help request (shell mode only).
    case helpRequest(Expr)
}
