import Engine
import Foundation

/// Python's `math` module: its constants and functions with CPython's results (the same libm
/// for the transcendental functions; CPython's own algorithms for fsum, comb, perm, factorial,
/// gcd, isqrt) and its errors ("math domain error", "math range error", the TypeErrors).
/// Integers are 64-bit here, so results beyond 2**63 are an OverflowError instead of a big int.
extension Interpreter {
    func makeMathModule() -> NamespaceObject {
        let ns = NamespaceObject("math")
        ns.members["pi"] = .float(Double.pi)
        ns.members["e"] = .float(M_E)
        ns.members["tau"] = .float(2 * Double.pi)
        ns.members["inf"] = .float(.infinity)
        ns.members["nan"] = .float(.nan)

        func def(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { a, _ in try body(a) })
        }
        /// A real-valued function of one argument; `domain` says where it is defined.
        func real1(_ name: String, _ f: @escaping (Double) -> Double, domain: @escaping (Double) -> Bool = { _ in true }) {
            def(name) { [unowned self] a in
                let x = try self.mathArgs(a, name, count: 1)[0]
                guard x.isNaN || domain(x) else { throw PyError(.valueError, "math domain error") }
                let r = f(x)
                if r.isNaN && !x.isNaN { throw PyError(.valueError, "math domain error") }
                if r.isInfinite && x.isFinite { throw PyError(.overflowError, "math range error") }
                return .float(r)
            }
        }
        real1("sqrt", Foundation.sqrt, domain: { $0 >= 0 })
        real1("exp", Foundation.exp)
        real1("exp2", Foundation.exp2)
        real1("expm1", Foundation.expm1)
        real1("log2", Foundation.log2, domain: { $0 > 0 })
        real1("log10", Foundation.log10, domain: { $0 > 0 })
        real1("log1p", Foundation.log1p, domain: { $0 > -1 })
        real1("sin", Foundation.sin, domain: { $0.isFinite })
        real1("cos", Foundation.cos, domain: { $0.isFinite })
        real1("tan", Foundation.tan, domain: { $0.isFinite })
        real1("asin", Foundation.asin, domain: { abs($0) <= 1 })
        real1("acos", Foundation.acos, domain: { abs($0) <= 1 })
        real1("atan", Foundation.atan)
        real1("sinh", Foundation.sinh)
        real1("cosh", Foundation.cosh)
        real1("tanh", Foundation.tanh)
        real1("asinh", Foundation.asinh)
        real1("acosh", Foundation.acosh, domain: { $0 >= 1 })
        real1("atanh", Foundation.atanh, domain: { abs($0) < 1 })
        real1("erf", Foundation.erf)
        real1("erfc", Foundation.erfc)
        real1("gamma", Foundation.tgamma, domain: { !($0 <= 0 && $0 == $0.rounded()) })
        real1("lgamma", { Foundation.lgamma($0) }, domain: { !($0 <= 0 && $0 == $0.rounded()) })
        real1("fabs", Swift.abs)
        real1("cbrt", Foundation.cbrt)
        real1("degrees", { $0 * (180.0 / Double.pi) })
        real1("radians", { $0 * (Double.pi / 180.0) })
        real1("ulp", { x in
            if x.isNaN || x.isInfinite { return Swift.abs(x) }
            let a = Swift.abs(x)
            return a == .greatestFiniteMagnitude ? a - a.nextDown : a.nextUp - a
        })
        def("log") { [unowned self] a in
            guard (1...2).contains(a.positional.count) else {
                throw PyError(.typeError, "log expected at least 1 argument, got \(a.positional.count)")
            }
            func ln(_ v: Value) throws -> Double {
                if case .int(let n) = v, n > 0 { return Foundation.log(Double(n)) }
                let x = try self.mathReal(v)
                guard x > 0 || x.isNaN else { throw PyError(.valueError, "math domain error") }
                return Foundation.log(x)
            }
            let num = try ln(a.positional[0])
            guard a.positional.count == 2 else { return .float(num) }
            let den = try ln(a.positional[1])
            guard den != 0 else { throw PyError(.zeroDivisionError, "float division by zero") }
            return .float(num / den)
        }
        def("pow") { [unowned self] a in
            let v = try self.mathArgs(a, "pow", count: 2)
            let (x, y) = (v[0], v[1])
            if x == 0 && y < 0 { throw PyError(.valueError, "math domain error") }
            if x < 0 && x.isFinite && y.isFinite && y != y.rounded() { throw PyError(.valueError, "math domain error") }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError(.overflowError, "math range error") }
            return .float(r)
        }
        def("atan2") { [unowned self] a in let v = try self.mathArgs(a, "atan2", count: 2); return .float(Foundation.atan2(v[0], v[1])) }
        def("copysign") { [unowned self] a in let v = try self.mathArgs(a, "copysign", count: 2); return .float(Foundation.copysign(v[0], v[1])) }
        def("fmod") { [unowned self] a in
            let v = try self.mathArgs(a, "fmod", count: 2)
            if v[1] == 0 || v[0].isInfinite { if !v[0].isNaN && !v[1].isNaN { throw PyError(.valueError, "math domain error") } }
            return .float(Foundation.fmod(v[0], v[1]))
        }
        def("remainder") { [unowned self] a in
            let v = try self.mathArgs(a, "remainder", count: 2)
            if (v[1] == 0 || v[0].isInfinite) && !v[0].isNaN && !v[1].isNaN { throw PyError(.valueError, "math domain error") }
            return .float(Foundation.remainder(v[0], v[1]))
        }
        def("ldexp") { [unowned self] a in
            guard a.positional.count == 2 else { throw PyError(.typeError, "ldexp expected 2 arguments, got \(a.positional.count)") }
            let x = try self.mathReal(a.positional[0])
            guard case .int(let e) = a.positional[1] else { throw PyError(.typeError, "Expected an int as second argument to ldexp.") }
            let r = Foundation.scalbn(x, Swift.max(Swift.min(e, 100_000), -100_000))
            if r.isInfinite && x.isFinite { throw PyError(.overflowError, "math range error") }
            return .float(r)
        }
        def("frexp") { [unowned self] a in
            let x = try self.mathArgs(a, "frexp", count: 1)[0]
            if x == 0 || !x.isFinite { return .tuple([.float(x), .int(0)]) }
            let (m, e) = Foundation.frexp(Swift.abs(x))
            return .tuple([.float(x < 0 ? -m : m), .int(e)])
        }
        def("modf") { [unowned self] a in
            let x = try self.mathArgs(a, "modf", count: 1)[0]
            if x.isInfinite { return .tuple([.float(Foundation.copysign(0, x)), .float(x)]) }
            let i = x.rounded(.towardZero)
            return .tuple([.float(Foundation.copysign(x - i, x)), .float(i)])
        }
        def("hypot") { [unowned self] a in
            let xs = try a.positional.map { try self.mathReal($0) }
            if xs.contains(where: \.isInfinite) { return .float(.infinity) }
            if xs.count == 2 { return .float(Foundation.hypot(xs[0], xs[1])) }
            return .float(Foundation.sqrt(xs.reduce(0) { $0 + $1 * $1 }))
        }
        def("dist") { [unowned self] a in
            guard a.positional.count == 2 else { throw PyError(.typeError, "dist expected 2 arguments, got \(a.positional.count)") }
            let p = try self.collect(a.positional[0], range: nil).map { try self.mathReal($0) }
            let q = try self.collect(a.positional[1], range: nil).map { try self.mathReal($0) }
            guard p.count == q.count else { throw PyError(.valueError, "both points must have the same number of dimensions") }
            let d = zip(p, q).map { $0 - $1 }
            if d.count == 2 { return .float(Foundation.hypot(d[0], d[1])) }
            return .float(Foundation.sqrt(d.reduce(0) { $0 + $1 * $1 }))
        }
        for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
            def(name) { [unowned self] a in
                guard a.positional.count == 1 else { throw PyError(.typeError, "math.\(name)() takes exactly one argument (\(a.positional.count) given)") }
                if case .int = a.positional[0] { return a.positional[0] }
                if case .bool(let b) = a.positional[0] { return .int(b ? 1 : 0) }
                let x = try self.mathReal(a.positional[0])
                if x.isNaN { throw PyError(.valueError, "cannot convert float NaN to integer") }
                if x.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
                let r = x.rounded(rule)
                guard Swift.abs(r) < 9.2e18 else { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
                return .int(Int(r))
            }
        }
        def("isnan") { [unowned self] a in .bool(try self.mathArgs(a, "isnan", count: 1)[0].isNaN) }
        def("isinf") { [unowned self] a in .bool(try self.mathArgs(a, "isinf", count: 1)[0].isInfinite) }
        def("isfinite") { [unowned self] a in .bool(try self.mathArgs(a, "isfinite", count: 1)[0].isFinite) }
        def("isclose") { [unowned self] a in
            let b = try Signature.of("isclose", "a, b, *, rel_tol=1e-09, abs_tol=0.0").bind(a, self)
            let x = try self.mathReal(b["a"]), y = try self.mathReal(b["b"])
            let rel = try self.mathReal(b["rel_tol"]), absTol = try self.mathReal(b["abs_tol"])
            guard rel >= 0 && absTol >= 0 else { throw PyError(.valueError, "tolerances must be non-negative") }
            if x == y { return .true }
            if x.isInfinite || y.isInfinite { return .false }
            let diff = Swift.abs(y - x)
            return .bool(diff <= Swift.abs(rel * y) || diff <= Swift.abs(rel * x) || diff <= absTol)
        }
        def("fsum") { [unowned self] a in
            guard a.positional.count == 1 else { throw PyError(.typeError, "math.fsum() takes exactly one argument (\(a.positional.count) given)") }
            return .float(try fsum(try self.collect(a.positional[0], range: nil).map { try self.mathReal($0) }))
        }
        def("prod") { [unowned self] a in
            guard a.positional.count == 1 else { throw PyError(.typeError, "prod() takes exactly 1 positional argument (\(a.positional.count) given)") }
            var r = a.keyword("start") ?? .int(1)
            for v in try self.iterate(a.positional[0], range: nil) { r = try self.binary(.mul, r, v) }
            return r
        }
        def("factorial") { [unowned self] a in
            let n = try self.mathInt(a, "factorial", 0)
            guard n >= 0 else { throw PyError(.valueError, "factorial() not defined for negative values") }
            var r = 1
            for k in stride(from: 2, through: n, by: 1) { r = try self.checkedMultiply(r, k) }
            return .int(r)
        }
        def("comb") { [unowned self] a in
            let n = try self.mathInt(a, "comb", 0), k = try self.mathInt(a, "comb", 1)
            guard n >= 0 else { throw PyError(.valueError, "n must be a non-negative integer") }
            guard k >= 0 else { throw PyError(.valueError, "k must be a non-negative integer") }
            if k > n { return .int(0) }
            let kk = Swift.min(k, n - k)
            var r = 1
            // r * (n - i) / (i + 1) stays an integer at every step.
            for i in 0..<kk {
                let (p, o) = r.multipliedReportingOverflow(by: n - i)
                guard !o else { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
                r = p / (i + 1)
            }
            return .int(r)
        }
        def("perm") { [unowned self] a in
            let n = try self.mathInt(a, "perm", 0)
            let k = a.positional.count > 1 && !a.positional[1].isNone ? try self.mathInt(a, "perm", 1) : n
            guard n >= 0 else { throw PyError(.valueError, "n must be a non-negative integer") }
            guard k >= 0 else { throw PyError(.valueError, "k must be a non-negative integer") }
            if k > n { return .int(0) }
            var r = 1
            for i in 0..<k { r = try self.checkedMultiply(r, n - i) }
            return .int(r)
        }
        def("gcd") { [unowned self] a in
            var g = 0
            for i in a.positional.indices {
                var x = Swift.abs(try self.mathInt(a, "gcd", i)), y = g
                while y != 0 { (x, y) = (y, x % y) }
                g = x
            }
            return .int(g)
        }
        def("lcm") { [unowned self] a in
            var l = a.positional.isEmpty ? 1 : 0
            for i in a.positional.indices {
                let x = Swift.abs(try self.mathInt(a, "lcm", i))
                if i == 0 { l = x; continue }
                if l == 0 || x == 0 { l = 0; continue }
                var (p, q) = (l, x)
                while q != 0 { (p, q) = (q, p % q) }
                l = try self.checkedMultiply(l / p, x)
            }
            return .int(l)
        }
        def("isqrt") { [unowned self] a in
            let n = try self.mathInt(a, "isqrt", 0)
            guard n >= 0 else { throw PyError(.valueError, "isqrt() argument must be nonnegative") }
            var r = Int(Double(n).squareRoot())
            while r * r > n { r -= 1 }
            while (r + 1) * (r + 1) <= n { r += 1 }
            return .int(r)
        }
        def("nextafter") { [unowned self] a in
            let v = try self.mathArgs(a, "nextafter", count: 2)
            if v[0].isNaN || v[1].isNaN { return .float(.nan) }
            if v[0] == v[1] { return .float(v[1]) }
            return .float(v[1] > v[0] ? v[0].nextUp : v[0].nextDown)
        }
        return ns
    }

    /// A math function's argument as a float: ints, floats, bools and one-element tensors
    /// (`__float__`); anything else is CPython's TypeError.
    func mathReal(_ v: Value) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t):
            guard t.numel == 1 else { throw PyError(.valueError, "only one element tensors can be converted to Python scalars") }
            return t.doubleValue(atFlat: 0)
        default: throw PyError(.typeError, "must be real number, not \(typeName(v))")
        }
    }

    func mathArgs(_ a: Arguments, _ name: String, count: Int) throws -> [Double] {
        guard a.keywords.isEmpty else { throw PyError(.typeError, "math.\(name)() takes no keyword arguments") }
        guard a.positional.count == count else {
            if count == 1 { throw PyError(.typeError, "math.\(name)() takes exactly one argument (\(a.positional.count) given)") }
            throw PyError(.typeError, "\(name) expected \(count) arguments, got \(a.positional.count)")
        }
        return try a.positional.map { try mathReal($0) }
    }

    /// An integer argument of comb/perm/factorial/gcd (a float is a TypeError, as in 3.11).
    func mathInt(_ a: Arguments, _ name: String, _ i: Int) throws -> Int {
        guard i < a.positional.count else { throw PyError(.typeError, "\(name) expected \(i + 1) arguments, got \(a.positional.count)") }
        switch a.positional[i] {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.numel == 1 && !t.dtype.isFloatingPoint: return Int(t.doubleValue(atFlat: 0))
        case let v: throw PyError(.typeError, "'\(typeName(v))' object cannot be interpreted as an integer")
        }
    }

    func checkedMultiply(_ a: Int, _ b: Int) throws -> Int {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        guard !o else { throw PyError(.overflowError, "integer overflow (nnrepl integers are 64-bit)") }
        return p
    }
}

/// `math.fsum`: CPython's exact summation (Shewchuk's partials, then round-half-even across
/// the top partials), so `fsum([0.1] * 10)` is exactly 1.0.
func fsum(_ values: [Double]) throws -> Double {
    var partials: [Double] = []
    var specialSum = 0.0, infSum = 0.0
    for value in values {
        var x = value
        if !x.isFinite {
            if x.isInfinite { infSum += x }
            specialSum += x
            continue
        }
        var i = 0
        for j in partials.indices {
            var y = partials[j]
            if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
            let hi = x + y
            let lo = y - (hi - x)
            if lo != 0 { partials[i] = lo; i += 1 }
            x = hi
        }
        if !x.isFinite { throw PyError(.overflowError, "intermediate overflow in fsum") }
        partials.removeSubrange(i...)
        partials.append(x)
    }
    if specialSum != 0 {
        if infSum.isNaN { throw PyError(.valueError, "-inf + inf in fsum") }
        return specialSum
    }
    var n = partials.count
    var hi = 0.0
    if n > 0 {
        n -= 1
        hi = partials[n]
        var lo = 0.0
        while n > 0 {
            let x = hi
            n -= 1
            let y = partials[n]
            hi = x + y
            let yr = hi - x
            lo = y - yr
            if lo != 0 { break }
        }
        if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
            let y = lo * 2
            let x = hi + y
            let yr = x - hi
            if y == yr { hi = x }
        }
    }
    return hi
}
