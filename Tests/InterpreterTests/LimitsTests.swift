import XCTest
import Engine
@testable import Interpreter

/// The session memory cap (`MemoryBudget`, NNREPL_MAX_MEMORY) and the recursion guards, in
/// process: a cap just above what the test process holds makes growth fail cleanly.
final class LimitsTests: XCTestCase {
    private func raised(_ code: String, _ interp: Interpreter = Interpreter(mode: .script)) -> String? {
        do { try interp.run(SourceFile(name: "<test>", text: code)) } catch let e as PyError {
            return e.message.isEmpty ? e.typeName : "\(e.typeName): \(e.message)"
        } catch { return "\(error)" }
        return nil
    }

    func testCapParsesSizes() {
        XCTAssertEqual(MemoryBudget.parseCap("512M"), 512 << 20)
        XCTAssertEqual(MemoryBudget.parseCap("2g"), 2 << 30)
        XCTAssertEqual(MemoryBudget.parseCap("1.5GB"), 3 << 29)
        XCTAssertEqual(MemoryBudget.parseCap("1000"), 1000)
        XCTAssertNil(MemoryBudget.parseCap("lots"))
        XCTAssertNil(MemoryBudget.parseCap("-5M"))
        XCTAssertNil(MemoryBudget.parseCap(nil))
    }

    func testGrowthPastTheCapIsAnErrorNotTheOOMKiller() {
        let saved = MemoryBudget.cap
        defer { MemoryBudget.cap = saved }
        XCTAssertGreaterThan(MemoryBudget.residentBytes, 0, "the resident size is readable")
        MemoryBudget.cap = MemoryBudget.residentBytes + (64 << 20)
        let interp = Interpreter(mode: .script)
        // A comprehension grows a little at a time: the evaluator's poll stops it.
        XCTAssertEqual(raised("x = [str(i) for i in range(10**8)]", interp), "MemoryError")
        // One big tensor: PyTorch's allocator error before allocating.
        XCTAssertEqual(raised("import torch\nt = torch.zeros(10**8)", interp),
                       "RuntimeError: [enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 400000000 bytes. Error code 12 (Cannot allocate memory)")
        XCTAssertEqual(raised("y = list(range(10**8))", interp), "MemoryError")
        // Small work still runs under the cap.
        XCTAssertNil(raised("z = [i * i for i in range(1000)]\nassert z[-1] == 998001", interp))
    }

    func testDeepStructuresRaiseRecursionError() {
        let interp = Interpreter(mode: .script)
        XCTAssertNil(raised("l = []\nfor i in range(200000):\n    l = [l]", interp))
        XCTAssertEqual(raised("s = repr(l)", interp), "RecursionError: maximum recursion depth exceeded while getting the repr of an object")
        XCTAssertEqual(raised("def f(n):\n    return f(n + 1)\nf(0)", interp), "RecursionError: maximum recursion depth exceeded")
        XCTAssertEqual(raised("x = " + String(repeating: "1 + ", count: 4000) + "1"), "RecursionError: maximum recursion depth exceeded during compilation")
    }
}
