/// `string` (its character-class constants, for tokenising text) and `typing` (the names
/// annotations use: `List[int]`, `Optional[torch.Tensor]`; they describe, they check nothing).
extension Interpreter {
    func makeStringModule() -> NamespaceObject {
        let lower = "abcdefghijklmnopqrstuvwxyz", upper = lower.uppercased(), digits = "0123456789"
        let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", whitespace = " \t\n\r\u{0B}\u{0C}"
        let ns = NamespaceObject("string", [
            "ascii_lowercase": .str(lower), "ascii_uppercase": .str(upper), "ascii_letters": .str(lower + upper),
            "digits": .str(digits), "hexdigits": .str(digits + "abcdefABCDEF"), "octdigits": .str("01234567"),
            "punctuation": .str(punctuation), "whitespace": .str(whitespace),
            "printable": .str(digits + lower + upper + punctuation + whitespace),
        ])
        ns.members["capwords"] = .builtin(BuiltinFunction("capwords") { a, _ in
            guard case .str(let s)? = a.positional.first else { throw PyError(.typeError, "capwords() missing 1 required positional argument: 's'") }
            return .str(s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " "))
        })
        return ns
    }

    func makeTypingModule() -> NamespaceObject {
        let ns = NamespaceObject("typing")
        for name in ["List", "Dict", "Tuple", "Set", "FrozenSet", "Optional", "Union", "Any", "Callable", "Iterable", "Iterator",
                     "Sequence", "Mapping", "Type", "Generator", "Literal", "Final", "ClassVar", "NamedTuple", "OrderedDict",
                     "DefaultDict", "Counter", "Deque", "Collection", "MutableMapping", "Hashable", "Sized"] {
            ns.members[name] = .object(TypingForm("typing.\(name)"))
        }
        ns.members["TYPE_CHECKING"] = .false
        ns.members["TypeVar"] = .builtin(BuiltinFunction("TypeVar") { a, _ in
            guard case .str(let n)? = a.positional.first else { throw PyError(.typeError, "TypeVar() missing required argument 'name'") }
            return .object(TypingForm("~" + n))
        })
        ns.members["cast"] = .builtin(BuiltinFunction("cast") { a, _ in
            guard a.positional.count == 2 else { throw PyError(.typeError, "cast() missing required arguments") }
            return a.positional[1]
        })
        return ns
    }
}

/// A `typing` name, plain or subscripted (`typing.List[int]`): printable, subscriptable, inert.
final class TypingForm: NativeObject {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "typing._GenericAlias" }
    override func repr() -> String { name }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let args: [Value]
        if case .tuple(let items) = key { args = items } else { args = [key] }
        let text = try args.map { arg -> String in
            if case .object(let f as TypingForm) = arg { return f.name }
            if arg.isNone { return "NoneType" }
            let r = try interp.repr(arg)
            if r.hasPrefix("<class '") && r.hasSuffix("'>") { return String(r.dropFirst(8).dropLast(2)) }
            return r
        }
        return .object(TypingForm("\(name)[\(text.joined(separator: ", "))]"))
    }
    override func hashKey() -> HashKey? { .str("typing:" + name) }
}
