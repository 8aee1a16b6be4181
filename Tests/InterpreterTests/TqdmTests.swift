import XCTest
import Foundation
@testable import Interpreter

/// tqdm's text and behaviour against real tqdm (Fixtures/tqdm.json, made by
/// scripts/golden/tqdm_cases.py): `format_meter` and its helpers string for string, and whole
/// scripted sessions — bars created, iterated, updated, nested, closed under a fake clock —
/// byte for byte as tqdm writes them to its file.
final class TqdmTests: XCTestCase {
    var fixture: [String: Any] = [:]

    override func setUpWithError() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "tqdm", withExtension: "json", subdirectory: "Fixtures"))
        fixture = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func double(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

    func testMeter() throws {
        let cases = try XCTUnwrap(fixture["meter"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 15)
        for c in cases {
            let a = try XCTUnwrap(c["args"] as? [String: Any])
            var m = TqdmFormat.Meter(n: double(a["n"])!, total: double(a["total"]), elapsed: double(a["elapsed"])!,
                                     ncols: (a["ncols"] as? NSNumber)?.intValue)
            m.prefix = a["prefix"] as? String ?? ""
            m.ascii = a["ascii"] as? Bool ?? false
            m.unit = a["unit"] as? String ?? "it"
            m.unitScale = a["unit_scale"] as? Bool ?? false
            m.rate = double(a["rate"])
            m.postfix = a["postfix"] as? String
            XCTAssertEqual(TqdmFormat.meter(m), c["text"] as? String, "\(a)")
        }
    }

    func testHelpers() throws {
        for case let pair as [Any] in try XCTUnwrap(fixture["interval"] as? [Any]) {
            XCTAssertEqual(TqdmFormat.interval(double(pair[0])!), pair[1] as? String, "format_interval(\(pair[0]))")
        }
        for case let triple as [Any] in try XCTUnwrap(fixture["num"] as? [Any]) {
            let type = triple[1] as! String
            let got: String
            switch type {
            case "int": got = TqdmFormat.number((triple[0] as! NSNumber).intValue)
            case "bool": got = (triple[0] as! NSNumber).boolValue ? "1" : "0"
            default: got = TqdmFormat.number(double(triple[0])!)
            }
            XCTAssertEqual(got, triple[2] as? String, "format_num(\(triple[0]) as \(type))")
        }
        for case let pair as [Any] in try XCTUnwrap(fixture["sizeof"] as? [Any]) {
            XCTAssertEqual(TqdmFormat.sizeof(double(pair[0])!), pair[1] as? String, "format_sizeof(\(pair[0]))")
        }
    }

    /// A terminal that records what is written, with a clock the test moves.
    final class FakeTerminal {
        var output = ""
        var now = 1000.0
        lazy var terminal: ProgressTerminal = {
            let t = ProgressTerminal()
            t.isTerminal = { true }
            t.size = { (nil, nil) }
            t.unicode = { true }
            t.write = { [unowned self] in self.output += $0 }
            t.clock = { [unowned self] in self.now }
            return t
        }()
    }

    func options(_ kw: [String: Any]) -> ProgressBar.Options {
        var o = ProgressBar.Options()
        o.total = double(kw["total"])
        o.desc = kw["desc"] as? String ?? ""
        o.ncols = (kw["ncols"] as? NSNumber)?.intValue
        o.nrows = 20
        o.unit = kw["unit"] as? String ?? "it"
        o.ascii = kw["ascii"] as? Bool ?? false
        if let leave = kw["leave"] as? Bool { o.leave = leave }
        if let m = double(kw["mininterval"]) { o.mininterval = m }
        if let i = double(kw["initial"]) { o.initial = i }
        return o
    }

    func testStreams() throws {
        let streams = try XCTUnwrap(fixture["streams"] as? [String: [String: Any]])
        XCTAssertGreaterThan(streams.count, 8)
        for (name, stream) in streams.sorted(by: { $0.key < $1.key }) {
            let fake = FakeTerminal()
            var bars: [ProgressBar] = []
            for case let step as [Any] in try XCTUnwrap(stream["steps"] as? [Any]) {
                let op = step[0] as! String
                let arg = step[1]
                let d = arg as? [String: Any] ?? [:]
                switch op {
                case "new": bars.append(ProgressBar(options(d), terminal: fake.terminal))
                case "tick": fake.now += double(arg)!
                case "update": bars[(d["bar"] as! NSNumber).intValue].update(double(d["n"])!)
                case "postfix":
                    let bar = bars[(d["bar"] as! NSNumber).intValue]
                    bar.postfix = d["s"] as? String
                    bar.refresh()
                case "describe":
                    let bar = bars[(d["bar"] as! NSNumber).intValue]
                    bar.desc = (d["desc"] as! String) + ": "
                    bar.refresh()
                case "close": bars[(arg as! NSNumber).intValue].close()
                case "loop", "loop_more":
                    let bar = bars[(d["bar"] as! NSNumber).intValue]
                    let count = (d["count"] as! NSNumber).intValue
                    let breakAfter = (d["break_after"] as? NSNumber)?.intValue
                    // tqdm starts each loop from the bar's count (its `__iter__` reads self.n).
                    let start = bar.n
                    var done = start
                    for k in 1...count {
                        fake.now += double(d["dt"])!
                        if let b = breakAfter, k >= b { break }
                        done = start + Double(k)
                        bar.iterated(done)
                    }
                    bar.finishIteration(done)
                case "nested_loop":
                    let outer = bars[(d["outer"] as! NSNumber).intValue]
                    let count = (d["count"] as! NSNumber).intValue
                    for k in 1...count {
                        let inner = ProgressBar(options(d["inner"] as! [String: Any]), terminal: fake.terminal)
                        bars.append(inner)
                        let innerCount = (d["inner_count"] as! NSNumber).intValue
                        for j in 1...innerCount {
                            fake.now += double(d["dt"])!
                            inner.iterated(Double(j))
                        }
                        inner.finishIteration(Double(innerCount))
                        outer.iterated(Double(k))
                    }
                    outer.finishIteration(Double(count))
                default: XCTFail("unknown step \(op)")
                }
            }
            for bar in bars { bar.close() }
            let expected = stream["output"] as? String ?? ""
            if fake.output != expected {
                XCTFail("\(name): output differs\n got:      \(fake.output.debugDescription)\n expected: \(expected.debugDescription)")
            }
        }
    }
}
