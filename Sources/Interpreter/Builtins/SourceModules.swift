/// Modules written in the Python subset nnrepl runs, for library code that is itself Python
/// over numpy (scikit-learn's data generators and splitters): transcribing the library's own
/// steps keeps every random draw in its order, so the numbers are the library's. The source is
/// parsed as the file `<module name>` and run once, in a scope of its own whose names `seed`
/// pre-binds; the module exports the names in `exports`.
extension Interpreter {
    func makeSourceModule(_ name: String, source: String, exports: [String], seed: [String: Value] = [:]) throws -> NamespaceObject {
        let statements = try Parser.parse(SourceFile(name: "<\(name)>", text: source))
        let scope = Scope(parent: builtins)
        for (k, v) in seed { scope.vars[k] = v }
        scope.vars["__name__"] = .str(name)
        for s in statements { _ = try exec(s, scope, inFunction: false) }
        let ns = NamespaceObject(name)
        for k in exports { ns.members[k] = scope.vars[k] }
        return ns
    }
}
