import Foundation

/// One entry of `warnings.filters`: what to do with warnings whose category is (a subclass of)
/// `category`, whose text starts with `message` (a regular expression, case-insensitive) and
/// that come from `lineno` (0: any line).
struct WarningFilter {
    let action: String
    let message: NSRegularExpression?
    let category: String
    let lineno: Int
}

/// `catch_warnings(record=True)` lists, innermost last, and the filters to restore on exit.
struct WarningState {
    var filters: [WarningFilter] = []
    var records: [PyList?] = []
    var saved: [[WarningFilter]] = []
}

/// Python's `warnings` module: `warn`, `filterwarnings`, `simplefilter`, `resetwarnings`,
/// `catch_warnings(record=)`. Every warning nnrepl or the learner raises goes through the same
/// filters (`Interpreter.warn`), with Python's defaults when none matches.
extension Interpreter {
    static let warningActions = ["default", "error", "ignore", "always", "all", "module", "once"]

    func makeWarningsModule() -> NamespaceObject {
        let ns = NamespaceObject("warnings")
        func def(_ name: String, _ sig: String, _ body: @escaping (BoundArgs) throws -> Value) {
            ns.members[name] = .builtin(BuiltinFunction(name) { [unowned self] a, _ in try body(try Signature.of(name, sig).bind(a, self)) })
        }
        def("warn", "message, category=None, stacklevel=1, source=None, *, skip_file_prefixes=()") { [unowned self] b in
            var category = "UserWarning"
            var text: String
            if case .instance(let inst) = b["message"], self.isWarningClass(inst.cls) {
                category = inst.cls.name
                text = try self.str(b["message"])
            } else {
                text = try self.str(b["message"])
                if !b.isNone("category") { category = try self.warningCategory(b["category"]) }
            }
            if self.warningAction(category, text) == "error" { throw PyError(category, text) }
            self.warn(category: category, message: text)
            return .none
        }
        def("filterwarnings", "action, message='', category=None, module='', lineno=0, append=False") { [unowned self] b in
            try self.addWarningFilter(b, message: try b.string("message"))
            return .none
        }
        def("simplefilter", "action, category=None, lineno=0, append=False") { [unowned self] b in
            try self.addWarningFilter(b, message: "")
            return .none
        }
        def("resetwarnings", "") { [unowned self] _ in
            self.warningState.filters = []
            self.shownWarnings.removeAll()
            return .none
        }
        ns.members["catch_warnings"] = .object(BuiltinType("catch_warnings", test: { v in
            if case .object(is CatchWarningsObject) = v { return true }
            return false
        }) { [unowned self] a, _ in
            let b = try Signature.of("catch_warnings", "*, record=False, module=None, action=None, category=None, lineno=0, append=False").bind(a, self)
            return .object(CatchWarningsObject(record: try b.bool("record"), action: b.isNone("action") ? nil : try b.string("action")))
        })
        return ns
    }

    func isWarningClass(_ c: PyClass) -> Bool {
        ExceptionHierarchy.isSubclass(c.name, of: "Warning", userParents: { self.userExceptionParent($0) })
    }

    /// A category argument: a Warning class (its name).
    func warningCategory(_ v: Value) throws -> String {
        guard case .cls(let c) = v, isWarningClass(c) else {
            throw PyError(.typeError, "category must be a Warning subclass, not '\(typeName(v))'")
        }
        return c.name
    }

    func addWarningFilter(_ b: BoundArgs, message: String) throws {
        let action = try b.string("action")
        guard Self.warningActions.contains(action) else {
            throw PyError(.assertionError, "invalid action: \(try repr(.str(action)))")
        }
        let lineno = try b.int("lineno")
        guard lineno >= 0 else { throw PyError(.assertionError, "lineno must be an int >= 0") }
        let regex = message.isEmpty ? nil : try? NSRegularExpression(pattern: message, options: [.caseInsensitive])
        let filter = WarningFilter(action: action == "all" ? "always" : action, message: regex,
                                   category: b.isNone("category") ? "Warning" : try warningCategory(b["category"]), lineno: lineno)
        if try b.bool("append") { warningState.filters.append(filter) } else { warningState.filters.insert(filter, at: 0) }
        // _filters_mutated(): warnings already shown at a line may show again.
        shownWarnings.removeAll()
    }

    /// The action of the first matching filter, else Python's default filters (DeprecationWarning
    /// is shown for code in __main__, which a learner's code always is).
    func warningAction(_ category: String, _ message: String) -> String {
        let line = currentStatement?.range.start.line ?? 0
        for f in warningState.filters where ExceptionHierarchy.isSubclass(category, of: f.category, userParents: { self.userExceptionParent($0) }) {
            if f.lineno != 0 && f.lineno != line { continue }
            if let re = f.message, re.firstMatch(in: message, options: [.anchored], range: NSRange(message.startIndex..., in: message)) == nil { continue }
            return f.action
        }
        if ["PendingDeprecationWarning", "ImportWarning", "ResourceWarning"].contains(category) { return "ignore" }
        return "default"
    }

    /// A recorded warning (`catch_warnings(record=True)`): Python's WarningMessage.
    func recordWarning(_ list: PyList, category: String, message: String, file: String, line: Int) {
        let cls = userWarningClass(category) ?? exceptionClass(category)
        let instance = (try? call(.cls(cls), Arguments([.str(message)]))) ?? .str(message)
        let text = "{message : \((try? repr(instance)) ?? message), category : \((try? repr(.str(category))) ?? category), filename : \((try? repr(.str(file))) ?? file), lineno : \(line), line : None}"
        list.items.append(.object(WarningMessageObject(message: instance, category: .cls(cls), filename: file, lineno: line, text: text)))
    }

    /// A Warning subclass the learner defined (found by name in the session's globals).
    func userWarningClass(_ name: String) -> PyClass? {
        if case .cls(let c)? = globals.vars[name], isWarningClass(c) { return c }
        return nil
    }
}

/// `warnings.catch_warnings(record=False, action=None)`: the filters saved on entry and restored
/// on exit; with `record=True` the `with` target is the list warnings are appended to.
final class CatchWarningsObject: NativeObject, ContextManager {
    let record: Bool, action: String?
    init(record: Bool, action: String?) { self.record = record; self.action = action }
    override var typeName: String { "catch_warnings" }
    override func repr() -> String { record ? "catch_warnings(record=True)" : "catch_warnings()" }
    func enter(_ interp: Interpreter) throws -> Value {
        interp.warningState.saved.append(interp.warningState.filters)
        let list: PyList? = record ? PyList([]) : nil
        interp.warningState.records.append(list)
        if let action {
            interp.warningState.filters.insert(WarningFilter(action: action == "all" ? "always" : action, message: nil, category: "Warning", lineno: 0), at: 0)
        }
        interp.shownWarnings.removeAll()
        return list.map { .list($0) } ?? .none
    }
    func exit(_ interp: Interpreter) {
        if let saved = interp.warningState.saved.popLast() { interp.warningState.filters = saved }
        _ = interp.warningState.records.popLast()
        interp.shownWarnings.removeAll()
    }
}

/// `warnings.WarningMessage`: what `catch_warnings(record=True)` collects.
final class WarningMessageObject: NativeObject {
    let message: Value, category: Value, filename: String, lineno: Int, text: String
    init(message: Value, category: Value, filename: String, lineno: Int, text: String) {
        self.message = message; self.category = category; self.filename = filename; self.lineno = lineno; self.text = text
    }
    override var typeName: String { "WarningMessage" }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "message": return message
        case "category": return category
        case "filename": return .str(filename)
        case "lineno": return .int(lineno)
        case "file", "line", "source": return Value.none
        default: return nil
        }
    }
    override func attributeNames() -> [String] { ["category", "file", "filename", "line", "lineno", "message", "source"] }
    override func str() -> String { text }
}
