import Engine
import NN

/// `abc` (ABC, ABCMeta, abstractmethod: a class with abstract methods left cannot be
/// instantiated), `numbers` (the numeric tower isinstance checks: an int is Integral, a float
/// Real, numpy's integer and float scalars too) and `collections.abc` (isinstance by protocol:
/// Iterable, Sequence, Mapping, …), as library code written against them (torch.nn.utils.prune,
/// a learner's `isinstance(amount, numbers.Integral)`) needs them.
extension Interpreter {
    func makeAbcModule() -> NamespaceObject {
        NamespaceObject("abc", [
            "ABC": .cls(abcClass),
            "ABCMeta": .object(abcMeta),
            "abstractmethod": .builtin(BuiltinFunction("abstractmethod") { a, _ in
                guard let f = a.positional.first, a.positional.count == 1 else {
                    throw PyError(.typeError, "abstractmethod() takes exactly one argument (\(a.positional.count) given)")
                }
                if case .function(let fn) = f { fn.attributes["__isabstractmethod__"] = .true }
                return f
            }),
        ])
    }

    func makeNumbersModule() -> NamespaceObject {
        func numpyKind(_ v: Value) -> Character? {
            if case .object(let s as NumpyScalar) = v { return s.dtype.kind }
            return nil
        }
        let integral: (Value) -> Bool = { v in
            switch v {
            case .int, .bool: return true
            default: return numpyKind(v).map { $0 == "i" || $0 == "u" } ?? false
            }
        }
        let real: (Value) -> Bool = { v in
            if case .float = v { return true }
            return integral(v) || numpyKind(v) == "f"
        }
        func type(_ name: String, _ test: @escaping (Value) -> Bool, abstract: String) -> Value {
            let t = BuiltinType(name, test: test) { _, _ in
                throw PyError(.typeError, "Can't instantiate abstract class \(name) with abstract method\(abstract.contains(",") ? "s" : "") \(abstract)")
            }
            t.qualifiedName = "numbers.\(name)"
            return .object(t)
        }
        let complexMethods = "__abs__, __add__, __complex__, __eq__, __mul__, __neg__, __pos__, __pow__, __radd__, __rmul__, __rpow__, __rtruediv__, __truediv__, conjugate, imag, real"
        return NamespaceObject("numbers", [
            "Number": type("Number", real, abstract: "__hash__"),
            "Complex": type("Complex", real, abstract: complexMethods),
            "Real": type("Real", real, abstract: "__abs__, __add__, __ceil__, __eq__, __float__, __floor__, __floordiv__, __le__, __lt__, __mod__, __mul__, __neg__, __pos__, __pow__, __radd__, __rfloordiv__, __rmod__, __rmul__, __round__, __rpow__, __rtruediv__, __truediv__, __trunc__"),
            "Rational": type("Rational", integral, abstract: "__abs__, __add__, __ceil__, __eq__, __floor__, __floordiv__, __le__, __lt__, __mod__, __mul__, __neg__, __pos__, __pow__, __radd__, __rfloordiv__, __rmod__, __rmul__, __round__, __rpow__, __rtruediv__, __truediv__, __trunc__, denominator, numerator"),
            "Integral": type("Integral", integral, abstract: "__abs__, __add__, __and__, __ceil__, __eq__, __floor__, __floordiv__, __int__, __invert__, __le__, __lshift__, __lt__, __mod__, __mul__, __neg__, __or__, __pos__, __pow__, __radd__, __rand__, __rfloordiv__, __rlshift__, __rmod__, __rmul__, __ror__, __round__, __rpow__, __rrshift__, __rshift__, __rtruediv__, __rxor__, __truediv__, __trunc__, __xor__"),
        ])
    }

    func makeCollectionsAbcModule() -> NamespaceObject {
        func has(_ v: Value, _ method: String) -> Bool {
            if case .instance(let i) = v { return i.cls.lookup(method) != nil }
            return false
        }
        let iterable: (Value) -> Bool = { [unowned self] v in
            switch v {
            case .list, .tuple, .str, .dict, .set, .tensor: return true
            case .module(let m): return self.moduleIterationItems(m) != nil || has(v, "__iter__")
            case .instance: return has(v, "__iter__")
            // A DataLoader makes its sampler's order when an iterator is made: asking must not draw.
            case .object(let o): return o.typeName == "DataLoader" || (try? o.iterate(self)) != nil
            default: return false
            }
        }
        let iterator: (Value) -> Bool = { v in
            if case .object(let o) = v { return o is IteratorObject }
            return has(v, "__next__") && has(v, "__iter__")
        }
        let sized: (Value) -> Bool = { [unowned self] v in
            switch v {
            case .list, .tuple, .str, .dict, .set, .tensor: return true
            case .instance: return has(v, "__len__")
            default: return (try? self.length(v)) != nil
            }
        }
        let sequence: (Value) -> Bool = { v in
            switch v {
            case .list, .tuple, .str: return true
            case .object(let o): return o is RangeObject
            default: return false
            }
        }
        let mapping: (Value) -> Bool = { v in
            if case .dict = v { return true }
            return false
        }
        func type(_ name: String, _ test: @escaping (Value) -> Bool) -> Value {
            let t = BuiltinType(name, test: test) { _, _ in throw PyError(.typeError, "Can't instantiate abstract class \(name)") }
            t.qualifiedName = "collections.abc.\(name)"
            return .object(t)
        }
        return NamespaceObject("collections.abc", [
            "Iterable": type("Iterable", iterable),
            "Iterator": type("Iterator", iterator),
            "Generator": type("Generator", { v in if case .object(let o) = v { return o.typeName == "generator" }; return false }),
            "Sized": type("Sized", sized),
            "Container": type("Container", { v in iterable(v) && !iterator(v) }),
            "Collection": type("Collection", { v in sized(v) && iterable(v) }),
            "Sequence": type("Sequence", sequence),
            "MutableSequence": type("MutableSequence", { v in if case .list = v { return true }; return false }),
            "Mapping": type("Mapping", mapping),
            "MutableMapping": type("MutableMapping", mapping),
            "Set": type("Set", { v in if case .set = v { return true }; return false }),
            "MutableSet": type("MutableSet", { v in if case .set(let s) = v { return !s.isFrozen }; return false }),
            "Callable": type("Callable", { [unowned self] v in self.isCallable(v) }),
            "Hashable": type("Hashable", { v in (try? hashKey(v)) != nil }),
        ])
    }

    /// The abstract methods `c` has not overridden, sorted (`ABCMeta` computes them as
    /// `__abstractmethods__`); empty for a class that is not an ABC.
    func abstractMethods(_ c: PyClass) -> [String] {
        guard c.mro.contains(where: { $0.isAbstractBase }) else { return [] }
        var names = Set<String>()
        for k in c.mro {
            for key in k.attributes.keys {
                guard case .str(let name) = key, case .function(let f)? = c.lookup(name),
                      case .bool(true)? = f.attributes["__isabstractmethod__"] else { continue }
                names.insert(name)
            }
        }
        return names.sorted()
    }
}

/// `abc.ABCMeta`: accepted as `metaclass=ABCMeta`, which makes the class an abstract base.
final class ABCMetaObject: NativeObject {
    override var typeName: String { "type" }
    override func repr() -> String { "<class 'abc.ABCMeta'>" }
}
