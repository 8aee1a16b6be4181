import XCTest
@testable import Interpreter

/// Parser tests: the syntax tree for every construct, operator precedence, positions, and
/// syntax errors whose message and position were taken from CPython 3.11.7.
final class ParserTests: XCTestCase {
    // MARK: - Helpers

    private func parse(_ text: String, shell: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> [Stmt] {
        do {
            return try Parser.parse(SourceFile(name: "t.py", text: text), allowMagics: shell)
        } catch {
            XCTFail("unexpected error \(error) for \(text.debugDescription)", file: file, line: line)
            return []
        }
    }

    private func syntaxError(_ text: String, shell: Bool = false) -> SyntaxError? {
        do {
            _ = try Parser.parse(SourceFile(name: "t.py", text: text), allowMagics: shell)
            return nil
        } catch let error as SyntaxError {
            return error
        } catch {
            return nil
        }
    }

    /// The single expression of a one-statement input.
    private func expr(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
        let body = parse(text, file: file, line: line)
        guard body.count == 1, case .expr(let e) = body[0].kind else {
            XCTFail("not one expression statement: \(text)", file: file, line: line)
            return nil
        }
        return e
    }

    /// The expression as an S-expression, for compact structural checks.
    private func dump(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        expr(text, file: file, line: line).map(ParserDump.expr) ?? "<none>"
    }

    private func dumpStatements(_ text: String, shell: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> String {
        parse(text, shell: shell, file: file, line: line).map { ParserDump.stmt($0) }.joined(separator: "\n")
    }

    private func span(_ r: SourceRange) -> String {
        "\(r.start.line):\(r.start.column)-\(r.end.line):\(r.end.column)"
    }

    // MARK: - Literals

    func testNumbers() {
        XCTAssertEqual(dump("1_000"), "1000")
        XCTAssertEqual(dump("0x1F"), "31")
        XCTAssertEqual(dump("0o17"), "15")
        XCTAssertEqual(dump("0b101"), "5")
        XCTAssertEqual(dump("1e-3"), "0.001")
        XCTAssertEqual(dump(".5"), "0.5")
        XCTAssertEqual(dump("5."), "5.0")
        XCTAssertEqual(dump("1.e2"), "100.0")
        XCTAssertEqual(dump("1_0.2_5"), "10.25")
        XCTAssertEqual(dump("0"), "0")
        XCTAssertEqual(dump("00"), "0")
        XCTAssertEqual(dump("9223372036854775807"), "9223372036854775807")
        XCTAssertEqual(dump("True"), "True")
        XCTAssertEqual(dump("None"), "None")
        XCTAssertEqual(dump("..."), "...")
    }

    func testStringsAndEscapes() {
        XCTAssertEqual(dump(#"'a\tb\n'"#), #""a\tb\n""#)
        XCTAssertEqual(dump(#""\x41\u00e9\U0001F600\101\0""#), "\"Aé😀A\\0\"")
        XCTAssertEqual(dump(#"'\q'"#), #""\\q""#)
        XCTAssertEqual(dump(#"'it\'s' " say \"hi\"""#), #""it's say \"hi\"""#)
        XCTAssertEqual(dump(#"r'\n\d' R"\"""#), #""\\n\\d\\\"""#)
        XCTAssertEqual(dump("'''a\n'b'\n\"\"\"'''"), #""a\n'b'\n\"\"\"""#)
        XCTAssertEqual(dump("\"\"\"x\\\ny\"\"\""), #""xy""#)
        XCTAssertEqual(dump(#"'\N{GREEK SMALL LETTER ALPHA}'"#), "\"α\"")
        XCTAssertEqual(dump("u'x' 'y'"), #""xy""#)
        XCTAssertEqual(dump("('conv1.bias.grad '\n 'before backward')"), #""conv1.bias.grad before backward""#)
        XCTAssertEqual(dump("''"), #""""#)
    }

    func testFStrings() {
        XCTAssertEqual(dump("f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 2000:.3f}'"),
                       #"(f "[" {(+ epoch 1)} ", " {(+ i 1):"5d"} "] loss: " {(/ running_loss 2000):".3f"})"#)
        XCTAssertEqual(dump("f'{x!r}'"), "(f {x!r})")
        XCTAssertEqual(dump("f'{x=}'"), #"(f {x!r="x="})"#)
        XCTAssertEqual(dump("f'{x = :>5}'"), #"(f {x:">5"="x = "})"#)
        XCTAssertEqual(dump("f'{x:{width}.{prec}f}'"), #"(f {x:{width} "." {prec} "f"})"#)
        XCTAssertEqual(dump("f'{{literal}} {d[\"k\"]}'"), #"(f "{literal} " {([] d "k")})"#)
        XCTAssertEqual(dump("'a' f'{x}' 'b'"), #"(f "a" {x} "b")"#)
        XCTAssertEqual(dump("f'{a!=b} {a==b} {a<b}'"), #"(f {(compare a != b)} " " {(compare a == b)} " " {(compare a < b)})"#)
        XCTAssertEqual(dump("rf'\\n{x}'"), #"(f "\\n" {x})"#)
        XCTAssertEqual(dump("f'''{\nx\n}'''"), "(f {x})")
        // Field expressions carry their real positions in the file.
        guard let e = expr("print(f'v={net.conv1}')"), case .call(_, let args) = e.kind,
              case .positional(let s) = args.first, case .fstring(let parts) = s.kind,
              parts.count == 2, case .field(let field, _, _, _) = parts[1] else { return XCTFail("shape") }
        XCTAssertEqual(span(field.range), "1:12-1:21")
    }

    // MARK: - Operators

    func testPrecedence() {
        XCTAssertEqual(dump("-x ** 2"), "(- (** x 2))")
        XCTAssertEqual(dump("2 ** -1"), "(** 2 (- 1))")
        XCTAssertEqual(dump("2 ** 3 ** 2"), "(** 2 (** 3 2))")
        XCTAssertEqual(dump("not a == b"), "(not (compare a == b))")
        XCTAssertEqual(dump("a if b else c"), "(if b a c)")
        XCTAssertEqual(dump("a if b else c if d else e"), "(if b a (if d c e))")
        XCTAssertEqual(dump("a < b <= c != d"), "(compare a < b <= c != d)")
        XCTAssertEqual(dump("a not in b is not c in d is e"), "(compare a not in b is not c in d is e)")
        XCTAssertEqual(dump("a @ b + c"), "(+ (@ a b) c)")
        XCTAssertEqual(dump("a + b * c - d / e // f % g"), "(- (+ a (* b c)) (% (// (/ d e) f) g))")
        XCTAssertEqual(dump("a | b ^ c & d << e >> f"), "(| a (^ b (& c (>> (<< d e) f))))")
        XCTAssertEqual(dump("a or b and not c"), "(or a (and b (not c)))")
        XCTAssertEqual(dump("~a + +b"), "(+ (~ a) (+ b))")
        XCTAssertEqual(dump("(a + b) * c"), "(* (+ a b) c)")
        XCTAssertEqual(dump("lambda: a if b else c"), "(lambda () (if b a c))")
        XCTAssertEqual(dump("(n := len(a)) > 10"), "(compare (:= n (call len a)) > 10)")
    }

    func testCallsAttributesSubscripts() {
        XCTAssertEqual(dump("super(Net, self).__init__()"), "(call (. (call super Net self) __init__))")
        XCTAssertEqual(dump("super().__init__()"), "(call (. (call super) __init__))")
        XCTAssertEqual(dump("f(*a, b, key=1, **kw)"), "(call f *a b key=1 **kw)")
        XCTAssertEqual(dump("print(*a, sep='')"), #"(call print *a sep="")"#)
        XCTAssertEqual(dump("f(x for x in y)"), "(call f (genexp x (for x y)))")
        XCTAssertEqual(dump("f(a,)"), "(call f a)")
        XCTAssertEqual(dump("x[0, :, 1:3]"), "([] x (tuple 0 (slice _ _ _) (slice 1 3 _)))")
        XCTAssertEqual(dump("x[..., None]"), "([] x (tuple ... None))")
        XCTAssertEqual(dump("x[::2]"), "([] x (slice _ _ 2))")
        XCTAssertEqual(dump("x[1:]"), "([] x (slice 1 _ _))")
        XCTAssertEqual(dump("x[a:b:c]"), "([] x (slice a b c))")
        XCTAssertEqual(dump("x[1,]"), "([] x (tuple 1))")
        XCTAssertEqual(dump("x[*a]"), "([] x (tuple (* a)))")
        XCTAssertEqual(dump("x.size()[1:]"), "([] (call (. x size)) (slice 1 _ _))")
        XCTAssertEqual(dump("f.data.sub_(f.grad.data * learning_rate)"),
                       "(call (. (. f data) sub_) (* (. (. f grad) data) learning_rate))")
    }

    func testDisplaysAndComprehensions() {
        XCTAssertEqual(dump("[1, *a, 2]"), "(list 1 (* a) 2)")
        XCTAssertEqual(dump("(1,)"), "(tuple 1)")
        XCTAssertEqual(dump("()"), "(tuple)")
        XCTAssertEqual(dump("1, 2,"), "(tuple 1 2)")
        XCTAssertEqual(dump("{}"), "(dict)")
        XCTAssertEqual(dump("{'a': 1, **b}"), #"(dict "a":1 **b)"#)
        XCTAssertEqual(dump("{1, 2}"), "(set 1 2)")
        XCTAssertEqual(dump("[i * 2 for i in range(10) if i % 2 == 0 if i > 3]"),
                       "(listcomp (* i 2) (for i (call range 10) (if (compare (% i 2) == 0)) (if (compare i > 3))))")
        XCTAssertEqual(dump("{k: v for k, v in d.items()}"), "(dictcomp k v (for (tuple k v) (call (. d items))))")
        XCTAssertEqual(dump("{x for x in y for z in x}"), "(setcomp x (for x y) (for z x))")
        XCTAssertEqual(dump("(p.numel() for p in net.parameters())"),
                       "(genexp (call (. p numel)) (for p (call (. net parameters))))")
        XCTAssertEqual(dump("[y := f(x), y ** 2]"), "(list (:= y (call f x)) (** y 2))")
    }

    func testLambda() {
        XCTAssertEqual(dump("lambda: 0"), "(lambda () 0)")
        XCTAssertEqual(dump("lambda a, b=1, *c, d, e=2, **f: a"), "(lambda (a b=1 *c d e=2 **f) a)")
        XCTAssertEqual(dump("lambda *, k: k"), "(lambda (* k) k)")
        XCTAssertEqual(dump("lambda a, /, b: a"), "(lambda (a b) a)")
    }

    // MARK: - Statements

    func testSimpleStatements() {
        XCTAssertEqual(dumpStatements("a = b = 1"), "(= a b 1)")
        XCTAssertEqual(dumpStatements("a, *b = c"), "(= (tuple a (* b)) c)")
        XCTAssertEqual(dumpStatements("(a, b), [c, d] = x"), "(= (tuple (tuple a b) (list c d)) x)")
        XCTAssertEqual(dumpStatements("x.y[0] += 1"), "(+= ([] (. x y) 0) 1)")
        XCTAssertEqual(dumpStatements("num_features*=s"), "(*= num_features s)")
        XCTAssertEqual(dumpStatements("x: int = 3\ny: list"), "(: x int 3)\n(: y list _)")
        XCTAssertEqual(dumpStatements("import torch.nn as nn, math"), "(import torch.nn as nn, math)")
        XCTAssertEqual(dumpStatements("from torch import optim as o, nn"), "(from torch import optim as o, nn)")
        XCTAssertEqual(dumpStatements("from . import (a,\n b,)"), "(from . import a, b)")
        XCTAssertEqual(dumpStatements("from math import *"), "(from math import *)")
        XCTAssertEqual(dumpStatements("del a, b[0], c.d"), "(del a ([] b 0) (. c d))")
        XCTAssertEqual(dumpStatements("assert x, 'm'"), #"(assert x "m")"#)
        XCTAssertEqual(dumpStatements("raise E('x') from e"), #"(raise (call E "x") e)"#)
        XCTAssertEqual(dumpStatements("raise"), "(raise _ _)")
        XCTAssertEqual(dumpStatements("global a, b"), "(global a b)")
        XCTAssertEqual(dumpStatements("def f():\n    nonlocal a"), "(def f ()\n  (nonlocal a))")
        XCTAssertEqual(dumpStatements("pass; x = 1;"), "pass\n(= x 1)")
        XCTAssertEqual(dumpStatements("print(net)"), "(call print net)")
    }

    func testCompoundStatements() {
        let source = """
        @decorator
        @other.deco(1, x=2)
        def f(a, b: int = 1, *args, c, d=2, **kwargs) -> int:
            \"\"\"Docstring.\"\"\"
            for i, (j, *k) in enumerate(zip(a, b)):
                if i:
                    break
                elif j:
                    continue
                else:
                    pass
            else:
                pass
            while not x:
                x -= 1
            else:
                y = 1
            with open(p) as fh, lock:
                pass
            try:
                return a
            except (ValueError, TypeError) as e:
                raise
            except Exception:
                pass
            else:
                pass
            finally:
                pass

        class Net(nn.Module, metaclass=Meta):
            def __init__(self):
                super(Net, self).__init__()
        """
        XCTAssertEqual(dumpStatements(source), """
        (def f (a b=1 *args c d=2 **kwargs) @decorator @(call (. other deco) 1 x=2)
          "Docstring."
          (for (tuple i (tuple j (* k))) (call enumerate (call zip a b))
            (if i
              break
             else (if j
              continue
             else pass))
           else pass)
          (while (not x)
            (-= x 1)
           else (= y 1))
          (with (call open p) as fh, lock
            pass)
          (try
            (return a)
           except (tuple ValueError TypeError) as e
            (raise _ _)
           except Exception
            pass
           else pass
           finally pass))
        (class Net (. nn Module) metaclass=Meta
          (def __init__ (self)
            (call (. (call super Net self) __init__))))
        """)
        XCTAssertEqual(dumpStatements("with (open(a) as b, open(c) as d,):\n    pass"),
                       "(with (call open a) as b, (call open c) as d\n  pass)")
        XCTAssertEqual(dumpStatements("with (a, b):\n    pass"), "(with a, b\n  pass)")
        XCTAssertEqual(dumpStatements("if x: y = 1; z = 2"), "(if x\n  (= y 1)\n  (= z 2))")
        XCTAssertEqual(dumpStatements("@d\nclass A: pass"), "(class A @d\n  pass)")
    }

    func testCourseCodeParses() {
        let body = parse(CourseCode.working)
        XCTAssertEqual(body.count, 6)
        guard body.count == 6, case .classDef(let net) = body[3].kind else { return XCTFail("class expected") }
        XCTAssertEqual(net.name, "Net")
        XCTAssertEqual(net.body.count, 3)
        guard net.body.count == 3, case .functionDef(let method) = net.body[2].kind else { return XCTFail("def expected") }
        XCTAssertEqual(method.name, "num_flat_features")
        XCTAssertEqual(method.parameters.positional.map(\.name), ["self", "x"])
    }

    // MARK: - Layout

    func testCommentsBlankLinesAndContinuations() {
        let source = "if x:\n    # comment\n\n    y = (1 +\n# inside brackets\n         2)\n  # dedented comment\n    z = [\n1,\n    2]\n    w = 1 + \\\n        2\nq = 3  # trailing"
        XCTAssertEqual(dumpStatements(source), "(if x\n  (= y (+ 1 2))\n  (= z (list 1 2))\n  (= w (+ 1 2)))\n(= q 3)")
        XCTAssertEqual(dumpStatements("if a and \\\n   b:\n    pass"), "(if (and a b)\n  pass)")
        XCTAssertEqual(dumpStatements("x = 1\r\ny = 2\r\n"), "(= x 1)\n(= y 2)")
        XCTAssertEqual(dumpStatements(""), "")
        XCTAssertEqual(dumpStatements("\n\n# only a comment\n   \n"), "")
    }

    func testTabsAndSpaces() {
        XCTAssertEqual(dumpStatements("if x:\n\ty = 1\n\tif y:\n\t\tz = 2"), "(if x\n  (= y 1)\n  (if y\n    (= z 2)))")
        XCTAssertEqual(dumpStatements("if x:\n        y\nz"), "(if x\n  y)\nz")
        let mixed = syntaxError("if x:\n    y = 1\n\tz = 2\n")
        XCTAssertEqual(mixed?.kind, "TabError")
        XCTAssertEqual(mixed?.message, "inconsistent use of tabs and spaces in indentation")
        XCTAssertEqual(mixed.map { span($0.range) }, "3:1-3:1")
    }

    func testRanges() {
        guard let call = expr("net.conv1(x)") else { return }
        XCTAssertEqual(span(call.range), "1:1-1:13")
        guard case .call(let callee, _) = call.kind else { return XCTFail("call expected") }
        XCTAssertEqual(span(callee.range), "1:1-1:10")
        let body = parse("for s in size:\n  num_features*=s\nx = (a,\n  b)\n")
        XCTAssertEqual(span(body[0].range), "1:1-2:18")
        XCTAssertEqual(span(body[1].range), "3:1-4:5")
        if case .assign(_, let value) = body[1].kind { XCTAssertEqual(span(value.range), "3:5-4:5") }
        // A parenthesized expression keeps its own range (as in CPython); operators start at the bracket.
        guard let grouped = expr("(a) + b") else { return }
        XCTAssertEqual(span(grouped.range), "1:1-1:8")
        if case .binary(_, let left, _) = grouped.kind { XCTAssertEqual(span(left.range), "1:2-1:3") }
        // Columns count Unicode scalars.
        let chinese = parse("s = '卷积'  # 注释\ny = s")
        XCTAssertEqual(span(chinese[0].range), "1:1-1:9")
        guard case .functionDef(let def) = parse("def f(a, b: int = 2): pass")[0].kind else { return XCTFail("def") }
        XCTAssertEqual(def.parameters.positional.map { span($0.range) }, ["1:7-1:8", "1:10-1:16"])
    }

    // MARK: - Shell mode

    func testMagicsAndHelp() {
        XCTAssertEqual(dumpStatements("%watch net.conv1.bias  ", shell: true), #"(magic "watch" "net.conv1.bias")"#)
        XCTAssertEqual(dumpStatements("for i in r:\n    %show x\n", shell: true), "(for i r\n  (magic \"show\" \"x\"))")
        XCTAssertEqual(dumpStatements("nn.Conv2d?", shell: true), "(help (. nn Conv2d))")
        XCTAssertEqual(dumpStatements("net??", shell: true), "(help net)")
        XCTAssertEqual(dumpStatements("?net", shell: true), "(help net)")
        XCTAssertEqual(syntaxError("%watch x")?.message, "invalid syntax")
        XCTAssertEqual(syntaxError("x?")?.message, "invalid syntax")
    }

    /// The shell's rule (CPython's codeop): a compound statement is complete only after an
    /// empty line; unfinished brackets, headers, strings and continuations are incomplete.
    func testIncompleteInput() {
        for text in ["def f():", "x = (1,", "if x:\n    y = 1", "if x: y = 1", "for i in r:\n    print(i)\n    ",
                     "x = '''abc", "x = 1 + \\", "@dec", "try:\n    x\n", "if x:\n    y = 1\n# c", "class A:"] {
            let error = syntaxError(text, shell: true)
            XCTAssertEqual(error?.isIncomplete, true, text.debugDescription)
        }
        for text in ["if x:\n    y = 1\n", "if x: y = 1\n", "x = 1", "for i in r:\n    pass\nprint(2)", ""] {
            XCTAssertNil(syntaxError(text, shell: true), text.debugDescription)
        }
        for text in ["x = = 1", "x = 'abc", "x = 1 +", "f(x))", "x = (1,\ny = 2\n"] {
            XCTAssertEqual(syntaxError(text, shell: true)?.isIncomplete, false, text.debugDescription)
        }
        // As a file, a finished block needs no empty line, and an unfinished one is an error
        // that still says it could go on.
        XCTAssertNil(syntaxError("if x:\n    y = 1"))
        let header = syntaxError("def f():")
        XCTAssertEqual(header?.message, "expected an indented block after function definition on line 1")
        XCTAssertEqual(header?.isIncomplete, true)
    }

    // MARK: - Errors

    struct ErrorCase {
        let label: String, source: String, kind: String, message: String
        let line: Int, col: Int, endLine: Int, endCol: Int
        init(_ label: String, _ source: String, _ kind: String, _ message: String,
             _ line: Int, _ col: Int, _ endLine: Int, _ endCol: Int) {
            self.label = label
            self.source = source
            self.kind = kind
            self.message = message
            self.line = line
            self.col = col
            self.endLine = endLine
            self.endCol = endCol
        }
    }

    /// Expected values come from CPython 3.11.7 (`compile(src, 'f', 'exec')`: msg, lineno,
    /// offset, end_lineno, end_offset), normalized as `SyntaxError` documents: an offset of 0
    /// becomes column 1, and a missing end (end_offset 0 or -1) equals the start.
    static let cpythonCases: [ErrorCase] = [
        ErrorCase("course code: def__init__ typo", CourseCode.code,
                  "SyntaxError", "invalid syntax", 8, 20, 8, 21),
        ErrorCase("course code: missing ':' after def num_flat_features(self,x)", CourseCode.codeWithInitFixed,
                  "SyntaxError", "expected ':'", 34, 32, 34, 32),
        ErrorCase("def__init__ in a class body", "class Net(nn.Module):\n  def__init__(self):\n    super(Net,self).__init__()\n",
                  "SyntaxError", "invalid syntax", 2, 20, 2, 21),
        ErrorCase("def without ':'", "def num_flat_features(self,x)\n    size=x.size()[1:]\n",
                  "SyntaxError", "expected ':'", 1, 30, 1, 30),
        ErrorCase("def without ':' before a comment", "def f(x)  # hi\n    pass\n",
                  "SyntaxError", "expected ':'", 1, 11, 1, 15),
        ErrorCase("missing closing bracket", "x = nn.Conv2d(1, 6, 3\ny = 2\n",
                  "SyntaxError", "'(' was never closed", 1, 14, 1, 14),
        ErrorCase("bracket never closed at end", "print(\"hello\"\n",
                  "SyntaxError", "'(' was never closed", 1, 6, 1, 6),
        ErrorCase("print statement", "print \"x\"\n",
                  "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1, 1, 10),
        ErrorCase("print statement with several values", "print 1, 2\n",
                  "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1, 1, 11),
        ErrorCase("double '='", "x = = 1\n",
                  "SyntaxError", "invalid syntax", 1, 5, 1, 6),
        ErrorCase("for without ':'", "for i in range(3) print(i)\n",
                  "SyntaxError", "invalid syntax", 1, 19, 1, 24),
        ErrorCase("if without ':' at end of line", "if x\n    pass\n",
                  "SyntaxError", "expected ':'", 1, 5, 1, 5),
        ErrorCase("class without ':'", "class Net(nn.Module)\n    pass\n",
                  "SyntaxError", "expected ':'", 1, 21, 1, 21),
        ErrorCase("unexpected indent", "x = 1\n    y = 2\n",
                  "IndentationError", "unexpected indent", 2, 4, 2, 4),
        ErrorCase("unindent does not match", "if x:\n        a\n    b\n",
                  "IndentationError", "unindent does not match any outer indentation level", 3, 6, 3, 6),
        ErrorCase("tabs after spaces", "if x:\n        y = 1\n\tz = 2\n",
                  "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1, 3, 1),
        ErrorCase("missing indented block", "if x:\npass\n",
                  "IndentationError", "expected an indented block after 'if' statement on line 1", 2, 1, 2, 5),
        ErrorCase("missing function body at end", "def f():\n",
                  "IndentationError", "expected an indented block after function definition on line 1", 1, 9, 1, 9),
        ErrorCase("missing block in nested if", "if x:\n    if y:\nz = 1\n",
                  "IndentationError", "expected an indented block after 'if' statement on line 2", 3, 1, 3, 1),
        ErrorCase("unterminated string", "x = \"abc\ny = 2\n",
                  "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5, 1, 5),
        ErrorCase("unterminated triple-quoted string", "x = '''abc\ndef\n",
                  "SyntaxError", "unterminated triple-quoted string literal (detected at line 2)", 1, 5, 1, 5),
        ErrorCase("unmatched ')'", "f(x))\n",
                  "SyntaxError", "unmatched ')'", 1, 5, 1, 5),
        ErrorCase("mismatched brackets", "f(x]\n",
                  "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 4, 1, 4),
        ErrorCase("mismatched brackets on two lines", "f(x\n]\n",
                  "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1, 2, 1),
        ErrorCase("missing comma in list", "[1 2]\n",
                  "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 5),
        ErrorCase("missing comma in call", "x = f(a, b c)\n",
                  "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 10, 1, 13),
        ErrorCase("assignment to call", "f() = 1\n",
                  "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1, 1, 4),
        ErrorCase("assignment to expression", "x + 1 = 2\n",
                  "SyntaxError", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1, 1, 6),
        ErrorCase("'=' in condition", "if x = 1:\n    pass\n",
                  "SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4, 1, 9),
        ErrorCase("assignment to None", "None = 1\n",
                  "SyntaxError", "cannot assign to None", 1, 1, 1, 5),
        ErrorCase("keyword as name", "class = 1\n",
                  "SyntaxError", "invalid syntax", 1, 7, 1, 8),
        ErrorCase("keyword as function name", "def class(): pass\n",
                  "SyntaxError", "invalid syntax", 1, 5, 1, 10),
        ErrorCase("positional after keyword", "f(a=1, 2)\n",
                  "SyntaxError", "positional argument follows keyword argument", 1, 9, 1, 10),
        ErrorCase("non-default after default", "def f(a=1, b):\n    pass\n",
                  "SyntaxError", "non-default argument follows default argument", 1, 12, 1, 13),
        ErrorCase("if-expression without else", "a = 1 if b\n",
                  "SyntaxError", "expected 'else' after 'if' expression", 1, 5, 1, 11),
        ErrorCase("unparenthesized generator", "f(x for x in y, 1)\n",
                  "SyntaxError", "Generator expression must be parenthesized", 1, 3, 1, 15),
        ErrorCase("dict key without value", "x = {1: 2, 3}\n",
                  "SyntaxError", "':' expected after dictionary key", 1, 12, 1, 12),
        ErrorCase("invalid decimal literal", "x = 1abc\n",
                  "SyntaxError", "invalid decimal literal", 1, 5, 1, 5),
        ErrorCase("leading zeros", "x = 012\n",
                  "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5, 1, 6),
        ErrorCase("full-width parenthesis", "x = （1）\n",
                  "SyntaxError", "invalid character '（' (U+FF08)", 1, 5, 1, 5),
        ErrorCase("no-break space", "x = 1\n",
                  "SyntaxError", "invalid non-printable character U+00A0", 1, 2, 1, 2),
        ErrorCase("line continuation followed by text", "x = 1 \\ y\n",
                  "SyntaxError", "unexpected character after line continuation character", 1, 8, 1, 8),
        ErrorCase("return outside function", "return 1\n",
                  "SyntaxError", "'return' outside function", 1, 1, 1, 9),
        ErrorCase("break outside loop", "def f():\n    break\n",
                  "SyntaxError", "'break' outside loop", 2, 5, 2, 10),
        ErrorCase("duplicate argument", "def f(a, a): pass\n",
                  "SyntaxError", "duplicate argument 'a' in function definition", 1, 10, 1, 11),
        ErrorCase("repeated keyword argument", "f(x=1, x=2)\n",
                  "SyntaxError", "keyword argument repeated: x", 1, 8, 1, 11),
        ErrorCase("f-string missing '}'", "print(f\"{x\")\n",
                  "SyntaxError", "f-string: expecting '}'", 1, 12, 1, 13),
        ErrorCase("f-string single '}'", "print(f'}')\n",
                  "SyntaxError", "f-string: single '}' is not allowed", 1, 11, 1, 12),
        ErrorCase("f-string empty field", "print(f'{}')\n",
                  "SyntaxError", "f-string: empty expression not allowed", 1, 12, 1, 13),
        ErrorCase("f-string bad conversion", "print(f'{x!z}')\n",
                  "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 15, 1, 16),
        ErrorCase("try without except", "try:\n    x\ny = 1\n",
                  "SyntaxError", "expected 'except' or 'finally' block", 3, 1, 3, 2),
        ErrorCase("else without if", "else:\n    pass\n",
                  "SyntaxError", "invalid syntax", 1, 1, 1, 5),
        ErrorCase("trailing operator", "x = 1 +\n",
                  "SyntaxError", "invalid syntax", 1, 8, 1, 8),
        ErrorCase("deleting a call", "del f()\n",
                  "SyntaxError", "cannot delete function call", 1, 5, 1, 8),
        ErrorCase("for over a literal target", "for 1 in x:\n    pass\n",
                  "SyntaxError", "cannot assign to literal", 1, 5, 1, 6),
        ErrorCase("walrus on attribute", "self.fc := 3\n",
                  "SyntaxError", "cannot use assignment expressions with attribute", 1, 1, 1, 8),
        ErrorCase("starred assignment alone", "*a = b\n",
                  "SyntaxError", "starred assignment target must be in a list or tuple", 1, 1, 1, 3),
        ErrorCase("too many nested parentheses", CourseCode.deepParens,
                  "SyntaxError", "too many nested parentheses", 1, 205, 1, 205),
    ]

    func testSyntaxErrorsMatchCPython() {
        for c in ParserTests.cpythonCases {
            guard let e = syntaxError(c.source) else {
                XCTFail("\(c.label): no error")
                continue
            }
            XCTAssertEqual(e.kind, c.kind, c.label)
            XCTAssertEqual(e.message, c.message, c.label)
            XCTAssertEqual(span(e.range), "\(c.line):\(c.col)-\(c.endLine):\(c.endCol)", c.label)
        }
        XCTAssertGreaterThanOrEqual(ParserTests.cpythonCases.count, 25)
    }

    func testUnsupportedConstructsAreNamed() {
        let cases = [
            ("match x:\n    case 1:\n        pass\n", "'match' is not supported by nnrepl", "1:1-1:6"),
            ("async def f(): pass", "'async def' is not supported by nnrepl", "1:1-1:10"),
            ("def f():\n    return lambda: (yield 1)", "'yield in a lambda' is not supported by nnrepl", "2:21-2:28"),
            ("x = 1j", "'complex literal' is not supported by nnrepl", "1:5-1:7"),
            ("x = b'a'", "'bytes literal' is not supported by nnrepl", "1:5-1:9"),
            ("x = 100000000000000000000", "'integer literal larger than 64 bits' is not supported by nnrepl", "1:5-1:26"),
        ]
        for (text, message, place) in cases {
            let e = syntaxError(text)
            XCTAssertEqual(e?.message, message, text)
            XCTAssertEqual(e.map { span($0.range) }, place, text)
        }
        // A real Python error elsewhere in the file wins over nnrepl's refusal.
        XCTAssertEqual(syntaxError("x = 1j\nreturn 2")?.message, "'return' outside function")
        // `match` stays an ordinary name.
        XCTAssertEqual(dumpStatements("match = 1\nmatch(x)"), "(= match 1)\n(call match x)")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let e = syntaxError(CourseCode.deepParens)
        XCTAssertEqual(e?.message, "too many nested parentheses")
        XCTAssertEqual(e.map { span($0.range) }, "1:205-1:205")
        XCTAssertEqual(parse("x = " + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)).count, 1)
        XCTAssertEqual(syntaxError("x = " + String(repeating: "-", count: 10_000) + "1")?.message,
                       "Parser stack overflowed - Python source too complex to parse")
        XCTAssertEqual(syntaxError("x = " + String(repeating: "not ", count: 10_000) + "1")?.message,
                       "Parser stack overflowed - Python source too complex to parse")
        let blocks = (0..<101).map { String(repeating: " ", count: $0) + "if x:\n" }.joined() + String(repeating: " ", count: 101) + "pass\n"
        XCTAssertEqual(syntaxError(blocks)?.message, "too many levels of indentation")
    }

    func testThousandLinesParseQuickly() {
        var text = ""
        while text.split(separator: "\n", omittingEmptySubsequences: false).count < 1000 { text += CourseCode.working + "\n" }
        let clock = ContinuousClock()
        var best = Duration.seconds(10)
        for _ in 0..<5 {
            let start = clock.now
            _ = parse(text)
            best = min(best, clock.now - start)
        }
        // A release build takes a few milliseconds; the bound leaves room for debug builds
        // (and AddressSanitizer's, MutationFuzzTests.slowdown, about 6× slower again).
        let underSanitizer = (dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil || dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil)
        XCTAssertLessThan(best, .milliseconds(underSanitizer ? 1000 : 150))
    }
}

/// The course code from the notes the project started from (with its two typos), and a
/// corrected version.
enum CourseCode {
    static let code = """
import torch 
import torch.nn as nn
import torch.nn.functional as F

#定义一个简单的网络类(一个初始化函数+一个前向包裹函数+维度扁平化)
class Net(nn.Module):#所有的类的定义都继承nn.Module
#一共定义两个卷积层
  def__init__(self):
    super(Net,self).__init__()#首先定义初始化函数
    #第一层卷积网络,输入维度1,输出维度6,卷积核3*3
    self.conv1=nn.Conv2d(1,6,3)
    #第二层卷积网络,输入维度6,输出维度16,卷积核3*3(2的输入就是1的输出)
    self.conv2=nn.Conv2d(6,16,3)
    #定义三层全连接层
    self.fc1=nn.Linear(16*6*6,120)#未来输入的图片是32*32,需要推导
    self.fc2=nn.Linear(120,84)
    self.fc3=nn.Linear(84,10)

  #前向传播
  def forward(self,x):
    #在(2,2)池化窗口下执行最大池化操作
    #在第一个卷积层下relu且2*2池化
    x=F.max_pool2d(F.relu(self.conv1(x)),(2,2))
    #在第二个卷积层下relu
    x=F.max_pool2d(F.relu(self.conv2(x)),2)
    x=x.view(-1,self.num_flat_features(x))#减少了一个张量的维度
    #num_flat_features表示卷积后的张量x计算size,见下
    #在一二全连接层中relu,并在第三层输出
    x=F.relu(self.fc1(x))
    x=F.relu(self.fc2(x))
    x=self.fc3(x)
    return x
  
  def num_flat_features(self,x)
    #计算size,第零个维度上的batch_size(一次训练所抓取的数据样本数量)不计算
    size=x.size()[1:]#取后两位
    num_features=1
    for s in size:
      num_features*=s
    return num_features

net=Net()#实例化
print(net)
"""
    static var codeWithInitFixed: String { code.replacing("def__init__", with: "def __init__") }
    static var working: String {
        codeWithInitFixed.replacing("def num_flat_features(self,x)\n", with: "def num_flat_features(self,x):\n")
    }
    static let deepParens = "x = " + String(repeating: "(", count: 10_000) + String(repeating: ")", count: 10_000) + "\n"
}

/// Renders syntax trees as S-expressions so that tests can state a tree in one line.
enum ParserDump {
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .name(let n): return n
        case .int(let i): return "\(i)"
        case .float(let d): return "\(d)"
        case .string(let s): return quoted(s)
        case .fstring(let parts): return "(f " + fstringParts(parts) + ")"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .ellipsis: return "..."
        case .list(let items): return "(" + (["list"] + items.map(expr)).joined(separator: " ") + ")"
        case .tuple(let items): return "(" + (["tuple"] + items.map(expr)).joined(separator: " ") + ")"
        case .set(let items): return "(" + (["set"] + items.map(expr)).joined(separator: " ") + ")"
        case .dict(let items):
            let parts = items.map { item in item.key.map { expr($0) + ":" + expr(item.value) } ?? "**" + expr(item.value) }
            return "(" + (["dict"] + parts).joined(separator: " ") + ")"
        case .attribute(let v, let name): return "(. \(expr(v)) \(name))"
        case .subscript(let v, let index): return "([] \(expr(v)) \(expr(index)))"
        case .slice(let l, let u, let s): return "(slice \(optional(l)) \(optional(u)) \(optional(s)))"
        case .call(let f, let args): return "(" + (["call", expr(f)] + args.map(argument)).joined(separator: " ") + ")"
        case .unary(let op, let v): return "(\(op.rawValue) \(expr(v)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .boolOp(let op, let values): return "(" + ([op.rawValue] + values.map(expr)).joined(separator: " ") + ")"
        case .compare(let left, let pairs):
            return "(compare \(expr(left))" + pairs.map { " \($0.0.rawValue) \(expr($0.1))" }.joined() + ")"
        case .ifExp(let test, let body, let orElse): return "(if \(expr(test)) \(expr(body)) \(expr(orElse)))"
        case .lambda(let p, let body): return "(lambda \(parameters(p)) \(expr(body)))"
        case .listComp(let e, let gens): return "(listcomp \(expr(e))" + comprehensions(gens) + ")"
        case .setComp(let e, let gens): return "(setcomp \(expr(e))" + comprehensions(gens) + ")"
        case .generator(let e, let gens): return "(genexp \(expr(e))" + comprehensions(gens) + ")"
        case .dictComp(let k, let v, let gens): return "(dictcomp \(expr(k)) \(expr(v))" + comprehensions(gens) + ")"
        case .starred(let v): return "(* \(expr(v)))"
        case .namedExpr(let target, let value): return "(:= \(target) \(expr(value)))"
        case .yield(let v): return v.map { "(yield \(expr($0)))" } ?? "(yield)"
        case .yieldFrom(let v): return "(yield-from \(expr(v)))"
        }
    }

    static func optional(_ e: Expr?) -> String { e.map(expr) ?? "_" }

    static func argument(_ a: Argument) -> String {
        switch a {
        case .positional(let e): return expr(e)
        case .keyword(let k, let e): return "\(k)=\(expr(e))"
        case .star(let e): return "*" + expr(e)
        case .doubleStar(let e): return "**" + expr(e)
        }
    }

    static func fstringParts(_ parts: [FStringPart]) -> String {
        parts.map { part -> String in
            switch part {
            case .literal(let s): return quoted(s)
            case .field(let e, let conversion, let spec, let debugText):
                var s = "{" + expr(e)
                if let c = conversion { s += "!\(c)" }
                if !spec.isEmpty { s += ":" + fstringParts(spec) }
                if let d = debugText { s += "=" + quoted(d) }
                return s + "}"
            }
        }.joined(separator: " ")
    }

    static func comprehensions(_ gens: [Comprehension]) -> String {
        gens.map { g in
            " (for \(expr(g.target)) \(expr(g.iter))" + g.conditions.map { " (if \(expr($0)))" }.joined() + ")"
        }.joined()
    }

    static func parameters(_ p: Parameters) -> String {
        func param(_ x: Parameters.Param) -> String { x.name + (x.defaultValue.map { "=" + expr($0) } ?? "") }
        var parts = p.positional.map(param)
        if let v = p.varArgs { parts.append("*" + v) } else if !p.keywordOnly.isEmpty { parts.append("*") }
        parts += p.keywordOnly.map(param)
        if let k = p.varKeywords { parts.append("**" + k) }
        return "(" + parts.joined(separator: " ") + ")"
    }

    static func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    static func block(_ body: [Stmt]) -> String { body.map { "\n" + indent(stmt($0)) }.joined() }

    static func clause(_ name: String, _ body: [Stmt]) -> String {
        if body.isEmpty { return "" }
        if body.count == 1 { return "\n \(name) " + stmt(body[0]) }
        return "\n \(name)" + block(body)
    }

    static func stmt(_ s: Stmt) -> String {
        switch s.kind {
        case .expr(let e): return expr(e)
        case .assign(let targets, let value): return "(= " + (targets + [value]).map(expr).joined(separator: " ") + ")"
        case .augAssign(let t, let op, let v): return "(\(op.rawValue)= \(expr(t)) \(expr(v)))"
        case .annAssign(let t, let a, let v): return "(: \(expr(t)) \(expr(a)) \(optional(v)))"
        case .importModules(let names):
            return "(import " + names.map { $0.name + ($0.asName.map { " as " + $0 } ?? "") }.joined(separator: ", ") + ")"
        case .importFrom(let module, let names, let star):
            let what = star ? "*" : names.map { $0.name + ($0.asName.map { " as " + $0 } ?? "") }.joined(separator: ", ")
            return "(from \(module) import \(what))"
        case .forLoop(let t, let iter, let body, let orElse):
            return "(for \(expr(t)) \(expr(iter))" + block(body) + clause("else", orElse) + ")"
        case .whileLoop(let test, let body, let orElse):
            return "(while \(expr(test))" + block(body) + clause("else", orElse) + ")"
        case .ifStmt(let test, let body, let orElse):
            return "(if \(expr(test))" + block(body) + clause("else", orElse) + ")"
        case .functionDef(let f):
            let decorators = f.decorators.map { " @" + expr($0) }.joined()
            return "(def \(f.name) \(parameters(f.parameters))\(decorators)" + block(f.body) + ")"
        case .classDef(let c):
            let bases = c.bases.map { " " + expr($0) }.joined() + c.keywords.map { " \($0.0)=\(expr($0.1))" }.joined()
            let decorators = c.decorators.map { " @" + expr($0) }.joined()
            return "(class \(c.name)\(bases)\(decorators)" + block(c.body) + ")"
        case .returnStmt(let v): return v.map { "(return \(expr($0)))" } ?? "(return)"
        case .breakStmt: return "break"
        case .continueStmt: return "continue"
        case .pass: return "pass"
        case .with(let items, let body):
            let list = items.map { expr($0.context) + ($0.target.map { " as " + expr($0) } ?? "") }.joined(separator: ", ")
            return "(with \(list)" + block(body) + ")"
        case .tryStmt(let body, let handlers, let orElse, let final):
            let handlerText = handlers.map { h in
                "\n except" + (h.type.map { " " + expr($0) } ?? "") + (h.name.map { " as " + $0 } ?? "") + block(h.body)
            }.joined()
            return "(try" + block(body) + handlerText + clause("else", orElse) + clause("finally", final) + ")"
        case .raise(let e, let cause): return "(raise \(optional(e)) \(optional(cause)))"
        case .delete(let targets): return "(del " + targets.map(expr).joined(separator: " ") + ")"
        case .assert(let test, let message): return "(assert \(expr(test))" + (message.map { " " + expr($0) } ?? "") + ")"
        case .global(let names): return "(global " + names.joined(separator: " ") + ")"
        case .nonlocal(let names): return "(nonlocal " + names.joined(separator: " ") + ")"
        case .magic(let name, let argument): return "(magic \(quoted(name)) \(quoted(argument)))"
        case .helpRequest(let e): return "(help \(expr(e)))"
        }
    }
}
