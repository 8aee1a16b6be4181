#!/usr/bin/env python3.11
"""Generates Tests/InterpreterTests/PythonFormatTests.swift from real CPython 3.11.

    python3.11 scripts/golden/python_format_cases.py > Tests/InterpreterTests/PythonFormatTests.swift

Each check line is preceded by the Python expression that produced its expectation.
"""
import math
import struct
import sys

assert sys.version_info[:2] == (3, 11), sys.version


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


REPR = [0.1 + 0.2, 1e16, 1e-5, 123456789012345680.0, f32(0.1), f32(1.1), f32(1e-8), 0.0001, 1e-8, 1e-4 * 0.1,
        100000.0, 1.0, -0.0, 0.0, math.inf, -math.inf, math.nan, 5e-324, 1.7976931348623157e308, 2.5, 0.001,
        1234567890123456.0, 12345678901234567.0, 1e22, 0.3, 2 / 3, -1.5e-7, 0.01, 0.9, 1e15, 9007199254740993.0,
        f32(0.0001), f32(3.14159), 1e-320, 4.35, 0.1 * 3, 1 / 3, 1e100, 123.456, -2.0]

FORMAT = [
    # floats
    (0.1 + 0.2, ""), (1e16, ""), (1e16, "10"), (1.5, ".0"), (123.0, ".3"), (1.0, ".3"), (3.14159, ".2f"),
    (3.14159, "10.3f"), (3.14159, "<10.3f"), (3.14159, "^10.3f"), (-3.14159, "=10.3f"), (3.14159, "*>12.4e"),
    (1234567.891, ","), (1234567.891, ",.2f"), (1234567.891, "_.3f"), (1234567.891, "015,.2f"), (-1234.5, "+,"),
    (0.5, ".0f"), (1.5, ".0f"), (2.5, ".0f"), (0.125, ".2f"), (0.375, ".2f"), (1e-5, "g"), (0.0001, "g"),
    (123456789.0, "g"), (123456.0, "g"), (1234567.0, "g"), (1.0, "#g"), (1.0, "#.0f"), (1.0, "#.0e"),
    (0.5, "%"), (0.5, ".0%"), (1 / 3, ".1%"), (-0.0, ""), (-0.0, "z"), (-0.0001, ".2f"), (-0.0001, "z.2f"),
    (-0.0001, "z.2e"), (math.nan, ""), (math.nan, "+"), (math.nan, "010"), (math.inf, "F"), (-math.inf, "010.2f"),
    (math.inf, "+e"), (1e300, ".3e"), (5e-324, ".17g"), (0.1, ".20f"), (0.1, ".30e"), (12345.678, "n"),
    (1.5, "05"), (-1.5, "06.2f"), (1.5, " "), (1.5, "+"), (1e-320, "e"), (2.675, ".2f"), (1.0, "E"),
    (1e100, "G"), (1e-7, "G"), (f32(0.1), ""), (f32(0.1), ".10f"), (99.995, ".2f"), (1.0, "x<8.1f"),
    (1.0, "é^9"), (123.456, "012"), (123.456, "012,"), (-123.456, " 012.1f"),
    # ints
    (42, ""), (42, "d"), (42, "5"), (42, "<5"), (42, "^6"), (-42, "=6"), (-42, "06"), (42, "+"), (42, " "),
    (-42, " "), (255, "b"), (255, "#b"), (255, "o"), (255, "#o"), (255, "x"), (255, "#x"), (255, "X"),
    (255, "#X"), (-255, "#010x"), (1234567, ","), (1234567, "_"), (1234567, "_x"), (1234567, "_b"),
    (1234, "010,"), (1234, "09,"), (1234, "08,"), (65, "c"), (65, "5c"), (65, "05c"), (0x1F600, "c"),
    (1234567, "n"), (42, "f"), (42, ".2f"), (42, "e"), (42, "%"), (42, "g"), (-9223372036854775808, ""),
    (-9223372036854775808, "x"), (9223372036854775807, ","), (0, "#x"), (0, "+"), (7, "*^7"),
    # strings
    (("abc"), ""), ("abc", "s"), ("abc", "5"), ("abc", ">5"), ("abc", "^6"), ("abc", "*^8"), ("abc", ".1"),
    ("abc", "5.2"), ("ab", "05"), ("é", "^5"), ("日本", "<4"), ("😀x", ">4"), ("", "3"),
    # bools
    (True, ""), (False, ""), (True, "d"), (True, ">10"), (True, "05"), (False, "x^7"), (True, "f"), (True, "%"),
    (True, "#x"), (True, "c"),
    # errors
    (1.5, "d"), (1.5, "x"), (1.5, "c"), (1.5, "s"), ("x", "d"), ("x", "f"), (1, "s"), (True, "s"), (5, ".2"),
    (5, ".0"), (65, "+c"), (65, "#c"), (-1, "c"), (0x110000, "c"), (1, "z"), ("a", "z"), ("a", "+"), ("a", " "),
    ("a", "#"), ("a", "=5"), (1, "."), (1, ",_"), (1, "_,"), (1, ",,"), (1234, ",b"), (1234, ",x"), (1, "_c"),
    (1, ",n"), ("a", "_s"), (1, "abc"), (1.5, "abc"), ("a", "abc"), (True, "abc"), (1, "99999999999999999999"),
    (1.0, ".99999999999999999999f"), (1.0, ".2147483648f"), (1, "<<<"), (1.0, "=+z"), (1.0, "é"),
]

PERCENT = [
    ("%d %s %.3f %5.2f %r %x %e %g %%", (42, "hi", 3.14159, 2.5, "hi", 255, 12345.678, 0.0001)),
    ("%d", (3.9,)), ("%d", (-3.9,)), ("%d", (True,)), ("%s", (True,)), ("%r", (1.5,)), ("%s", (1e16,)),
    ("%s", (0.1 + 0.2,)), ("%i %u", (1, 2)), ("%5d|", (42,)), ("%-5d|", (42,)), ("%05d", (-42,)),
    ("%-05d|", (3,)), ("%+d", (3,)), ("% d", (3,)), ("%+05d", (3,)), ("%.3d", (5,)), ("%#x", (255,)),
    ("%#X", (255,)), ("%#o", (8,)), ("%#10x", (255,)), ("%#010x", (255,)), ("%#.5x", (255,)), ("%x", (-255,)),
    ("%#x", (-255,)), ("%#08x", (-255,)), ("%#-8x|", (-255,)), ("%05f", (math.inf,)), ("%5f", (math.nan,)),
    ("%F", (math.inf,)), ("%+f", (math.nan,)), ("% f", (math.inf,)), ("%5.1f|", (-0.04,)), ("%.0f", (0.5,)),
    ("%.0f", (1.5,)), ("%.2e", (0.000123456,)), ("%G", (1e-10,)), ("%#g", (1.0,)), ("%#.0e", (12345.0,)),
    ("%#.0f", (1.0,)), ("%e", (0.0,)), ("%.30f", (0.1,)), ("%d", (1e300,)), ("%c", (65,)), ("%c", ("é",)),
    ("%5c|", ("a",)), ("%05c|", ("a",)), ("%05s|", ("a",)), ("%.1s", ("abc",)), ("%.0s|", ("abc",)),
    ("%10r|", ("ab",)), ("%.3r", ("abcdef",)), ("%a", ("é",)), ("%a", ("日😀",)), ("%r", ("it's",)),
    ("%*d", (5, 3)), ("%-*d|", (5, 3)), ("%*d|", (-5, 3)), ("%.*f", (2, 3.14159)), ("%.*f", (-2, 3.14159)),
    ("%ld %hd %Lf", (5, 6, 1.5)), ("%.d", (5,)), ("%.f", (2.5,)), ("%0.3f", (1.0,)), ("%++d", (1,)),
    ("%-+ #0d", (1,)), ("%#d", (5,)), ("%#s", ("a",)), ("%#c", (65,)), ("%%", ()), ("abc", ()),
    ("100%% sure: %s", ("yes",)), ("%s and %s", ("é", "日本")), ("%x", (True,)), ("%f", (True,)),
    ("%e", (7,)), ("%s", (-9223372036854775808,)), ("%o", (-8,)),
    # errors
    ("%d %d", (1,)), ("%d", (1, 2)), ("%s", ()), ("abc", (1,)), ("%d", ("a",)), ("%i", ("a",)),
    ("%f", ("a",)), ("%e", ("a",)), ("%x", ("a",)), ("%o", ("a",)), ("%x", (3.9,)), ("%X", (1.0,)),
    ("%c", ("ab",)), ("%c", ("",)), ("%c", (3.5,)), ("%c", (-1,)), ("%c", (0x110000,)), ("%q", (1,)),
    ("%é", (1,)), ("abc %", (1,)), ("%", ()), ("%5", (1,)), ("%-", (1,)), ("%.", (1,)), ("%h", (1,)),
    ("%lld", (1,)), ("%1$d", (1,)), ("%5%", ()), ("%5%", (1,)), ("%z", ()), ("%*d", ("a", 3)),
    ("%.*f", (1.5, 3.0)), ("%(a)s", (1,)), ("%d", (math.inf,)), ("%d", (math.nan,)), ("%*%", (3,)),
    ("%.3", ()), ("x%\x01", (1,)),
]


def swift_string(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def swift_double(x):
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".infinity" if x > 0 else "-.infinity"
    if x != 0 and abs(x) < 2.2250738585072014e-308:
        # Subnormal literals draw an underflow warning from swiftc; spell out the bits instead.
        return "Double(bitPattern: 0x%016x)" % struct.unpack("<Q", struct.pack("<d", x))[0]
    return repr(x)


def swift_arg(v):
    if isinstance(v, bool):
        return ".bool(%s)" % ("true" if v else "false")
    if isinstance(v, int):
        return ".int(%d)" % v if v != -9223372036854775808 else ".int(Int.min)"
    if isinstance(v, float):
        return ".float(%s)" % swift_double(v)
    return ".string(str: %s, repr: %s)" % (swift_string(v), swift_string(repr(v)))


def comment(s):
    return s.replace("\n", "\\n")


def outcome(fn):
    try:
        return True, fn()
    except Exception as e:
        return False, (type(e).__name__, str(e))


def main():
    out = ['''// Expectations produced by CPython {v}: every check is preceded by the Python expression whose
// result (or exception) it expects, so any line can be re-checked with `python3.11 -c "print(repr(...))"`.
import XCTest
import Engine
@testable import Interpreter

final class PythonFormatTests: XCTestCase {{
    private func check(_ value: FormatArg, _ spec: String, _ expected: String,
                       file: StaticString = #filePath, line: UInt = #line) {{
        XCTAssertEqual(Result {{ try pythonFormat(value, spec: spec) }}.description, "ok " + expected,
                       file: file, line: line)
    }}

    private func checkError(_ value: FormatArg, _ spec: String, _ kind: String, _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {{
        XCTAssertEqual(Result {{ try pythonFormat(value, spec: spec) }}.description, kind + ": " + message,
                       file: file, line: line)
    }}

    private func checkPercent(_ format: String, _ args: [FormatArg], _ expected: String,
                              file: StaticString = #filePath, line: UInt = #line) {{
        XCTAssertEqual(Result {{ try pythonPercentFormat(format, args) }}.description, "ok " + expected,
                       file: file, line: line)
    }}

    private func checkPercentError(_ format: String, _ args: [FormatArg], _ kind: String, _ message: String,
                                   file: StaticString = #filePath, line: UInt = #line) {{
        XCTAssertEqual(Result {{ try pythonPercentFormat(format, args) }}.description, kind + ": " + message,
                       file: file, line: line)
    }}
'''.format(v=sys.version.split()[0])]

    out.append("    func testFloatRepr() {")
    for x in REPR:
        out.append(f"        // repr({x!r})")
        out.append(f"        XCTAssertEqual(pythonFloatRepr({swift_double(x)}), {swift_string(repr(x))})")
    out.append("    }")

    groups = {"Float": float, "Int": int, "String": str, "Bool": bool}
    for gname, ty in groups.items():
        out.append("")
        out.append(f"    func testFormat{gname}() {{")
        for v, spec in FORMAT:
            if type(v) is not ty:
                continue
            ok, r = outcome(lambda: format(v, spec))
            out.append(f"        // format({v!r}, {spec!r})")
            if ok:
                out.append(f"        check({swift_arg(v)}, {swift_string(spec)}, {swift_string(r)})")
            else:
                out.append(f"        checkError({swift_arg(v)}, {swift_string(spec)}, {swift_string(r[0])}, "
                           f"{swift_string(r[1])})")
        out.append("    }")

    out.append("")
    out.append("    func testPercent() {")
    for fmt, args in PERCENT:
        ok, r = outcome(lambda: fmt % args)
        swift_args = "[" + ", ".join(swift_arg(a) for a in args) + "]"
        out.append(f"        // {comment(repr(fmt))} % {comment(repr(args))}")
        if ok:
            out.append(f"        checkPercent({swift_string(fmt)}, {swift_args}, {swift_string(r)})")
        else:
            out.append(f"        checkPercentError({swift_string(fmt)}, {swift_args}, {swift_string(r[0])}, "
                       f"{swift_string(r[1])})")
    out.append("    }")
    out.append("}")
    out.append("")
    out.append('''private extension Result where Success == String, Failure == Error {
    /// "ok <text>" or "<ExceptionKind>: <message>", so one assertion shows both outcomes.
    var description: String {
        switch self {
        case .success(let text): return "ok " + text
        case .failure(let error as FormatError): return error.kind + ": " + error.message
        case .failure(let error): return "unexpected \\(error)"
        }
    }
}''')
    print("\n".join(out))


if __name__ == "__main__":
    main()
