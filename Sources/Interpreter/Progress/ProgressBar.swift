import Foundation

/// Where progress bars go: standard error, only when it is a terminal (a bar in a log file or a
/// pipe is noise, and transcripts stay exact). Tests replace the closures.
public final class ProgressTerminal {
    nonisolated(unsafe) public static var shared = ProgressTerminal()

    public var isTerminal: () -> Bool = { isatty(STDERR_FILENO) != 0 }
    /// What tqdm's `_screen_shape_wrapper` gives: the terminal's columns and rows less one
    /// each, nil when standard error is no terminal.
    public var size: () -> (columns: Int?, rows: Int?) = {
        var ws = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return (Int(ws.ws_col) - 1, Int(ws.ws_row) - 1) }
        return (nil, nil)
    }
    /// tqdm draws eighth blocks when the stream's encoding is UTF-8, digits and `#` otherwise.
    public var unicode: () -> Bool = {
        let env = ProcessInfo.processInfo.environment
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        let l = locale.lowercased()
        return l.contains("utf-8") || l.contains("utf8")
    }
    public var write: (String) -> Void = { s in
        fputs(s, stderr)
        fflush(stderr)
    }
    /// Seconds, monotonic.
    public var clock: () -> Double = { ProcessInfo.processInfo.systemUptime }

    public init() {}
}

/// A progress bar that behaves as a `tqdm.tqdm` instance (tqdm/std.py): the same refresh rule
/// (at least `mininterval` seconds and `miniters` iterations between draws, `miniters` adapting
/// to the rate), the same smoothed rate (exponential moving average), positions for nested bars,
/// and `leave` on close. The Python `tqdm` object and the shell's `%run` / `%timeit` use it.
public final class ProgressBar {
    public struct Options {
        public var desc = ""
        public var total: Double?
        /// nil: keep the bar only when it is the outermost (tqdm's `leave=None`).
        public var leave: Bool? = true
        public var ncols: Int?
        public var nrows: Int?
        public var mininterval = 0.1
        public var maxinterval = 10.0
        public var miniters: Double?
        public var ascii: Bool?
        public var disable = false
        public var unit = "it"
        public var unitScale = false
        public var unitDivisor = 1000.0
        public var smoothing = 0.3
        public var initial = 0.0
        public var position: Int?
        public var delay = 0.0
        public var integerCounts = true
        public init() {}
    }

    /// tqdm's `EMA`.
    struct EMA {
        let alpha: Double
        var last = 0.0
        var calls = 0
        mutating func add(_ x: Double) {
            last = alpha * x + (1 - alpha) * last
            calls += 1
        }
        var value: Double { calls > 0 ? last / (1 - pow(1 - alpha, Double(calls))) : last }
    }

    public internal(set) var options: Options
    public internal(set) var n: Double
    public var total: Double? { get { options.total } set { options.total = newValue } }
    /// The description as displayed (`set_description` adds `: `).
    public var desc: String { get { options.desc } set { options.desc = newValue } }
    public var postfix: String?
    public private(set) var disabled: Bool
    let terminal: ProgressTerminal
    var pos = 0
    var lastPrintN: Double
    var lastPrintT = 0.0
    var startT = 0.0
    var miniters: Double
    let dynamicMiniters: Bool
    var emaDn: EMA, emaDt: EMA, emaMiniters: EMA
    /// Set on close with `leave`: the last draw shows the overall average rate.
    var useOverallRate = false
    var lastLength = 0
    var hasStarted = false

    /// The open bars, for positions (tqdm's `_instances`).
    nonisolated(unsafe) static var instances: [Weak] = []
    struct Weak { weak var bar: ProgressBar? }

    /// A bar; shown (and drawn at once unless `delay`) when standard error is a terminal and
    /// `disable` is false.
    public init(_ options: Options, terminal: ProgressTerminal = .shared) {
        self.options = options
        self.terminal = terminal
        n = options.initial
        lastPrintN = options.initial
        miniters = options.miniters ?? 0
        dynamicMiniters = options.miniters == nil
        emaDn = EMA(alpha: options.smoothing)
        emaDt = EMA(alpha: options.smoothing)
        emaMiniters = EMA(alpha: options.smoothing)
        disabled = options.disable || !terminal.isTerminal()
        if options.total == .infinity { self.options.total = nil }
        Self.instances.removeAll { $0.bar == nil }
        pos = options.position.map { -$0 } ?? Self.freePosition()
        if disabled { return }
        Self.instances.append(Weak(bar: self))
        if self.options.ncols == nil || self.options.nrows == nil {
            let size = terminal.size()
            if self.options.ncols == nil { self.options.ncols = size.columns }
            if self.options.nrows == nil { self.options.nrows = size.rows }
        }
        if self.options.ascii == nil { self.options.ascii = !terminal.unicode() }
        if options.delay <= 0 { refresh() }
        lastPrintT = terminal.clock()
        startT = lastPrintT
        hasStarted = true
    }

    deinit { close() }

    static func freePosition() -> Int {
        let taken = Set(instances.compactMap { $0.bar.map { Swift.abs($0.pos) } })
        return (0...taken.count).first { !taken.contains($0) } ?? 0
    }

    // MARK: drawing

    /// The bar's line (`str(pbar)`), as `format_meter` draws it now.
    public var text: String {
        if !hasStarted && disabled {
            // A bar disabled from the start knows only its count (tqdm's `format_dict`).
            return TqdmFormat.meter(TqdmFormat.Meter(n: n, total: options.total, elapsed: 0, ncols: nil))
        }
        let elapsed = hasStarted ? terminal.clock() - startT : 0
        var m = TqdmFormat.Meter(n: n, total: options.total, elapsed: elapsed, ncols: options.ncols)
        m.prefix = options.desc
        m.ascii = options.ascii ?? false
        m.unit = options.unit
        m.unitScale = options.unitScale
        m.unitDivisor = options.unitDivisor
        m.postfix = postfix
        m.initial = options.initial
        m.integerCounts = options.integerCounts
        let dt = emaDt.value
        m.rate = !useOverallRate && dt != 0 ? emaDn.value / dt : nil
        return TqdmFormat.meter(m)
    }

    /// `status_printer`: back to the line start, the text, spaces over what is left of a longer
    /// previous text.
    func printStatus(_ s: String) {
        let length = TqdmFormat.displayLength(s)
        terminal.write("\r" + s + String(repeating: " ", count: Swift.max(lastLength - length, 0)))
        lastLength = length
    }

    func moveTo(_ k: Int) {
        guard k != 0 else { return }
        terminal.write(k > 0 ? String(repeating: "\n", count: k) : String(repeating: "\u{1B}[A", count: -k))
    }

    /// `display(msg, pos)`.
    @discardableResult
    func display(_ message: String? = nil, at position: Int? = nil) -> Bool {
        let p = position ?? Swift.abs(pos)
        let rows = options.nrows ?? 20
        var msg = message
        if p >= rows - 1 {
            if p >= rows { return false }
            if msg == nil || !(msg!.isEmpty) { msg = " ... (more hidden) ..." }
        }
        moveTo(p)
        printStatus(msg ?? text)
        moveTo(-p)
        return true
    }

    /// Whether the bar's text is on the screen now.
    public var isVisible: Bool { !disabled && lastLength > 0 }

    /// `refresh()`.
    public func refresh() {
        guard !disabled else { return }
        display()
    }

    /// `clear()`: blank this bar's line.
    public func clear() {
        guard !disabled else { return }
        let p = Swift.abs(pos)
        if p < (options.nrows ?? 20) {
            moveTo(p)
            printStatus("")
            terminal.write("\r")
            moveTo(-p)
        }
    }

    // MARK: counting

    /// `update(n)`: counts `k` more and redraws when tqdm would.
    @discardableResult
    public func update(_ k: Double = 1) -> Bool {
        guard !disabled else { return false }
        if k < 0 { lastPrintN += k }
        n += k
        guard n - lastPrintN >= miniters else { return false }
        let now = terminal.clock()
        let dt = now - lastPrintT
        guard dt >= options.mininterval && now >= startT + options.delay else { return false }
        let dn = n - lastPrintN
        if options.smoothing != 0 && dt != 0 && dn != 0 {
            emaDn.add(dn)
            emaDt.add(dt)
        }
        refresh()
        if dynamicMiniters {
            if options.maxinterval != 0 && dt >= options.maxinterval {
                miniters = dn * (options.mininterval != 0 ? options.mininterval : options.maxinterval) / dt
            } else if options.smoothing != 0 {
                emaMiniters.add(dn * (options.mininterval != 0 && dt != 0 ? options.mininterval / dt : 1))
                miniters = emaMiniters.value
            } else {
                miniters = Swift.max(miniters, dn)
            }
        }
        lastPrintN = n
        lastPrintT = now
        return true
    }

    /// What tqdm's `__iter__` does after each item: `count` items so far in this loop; the bar
    /// catches up (`update`) only when enough items and time have passed.
    public func iterated(_ count: Double) {
        guard !disabled, count - lastPrintN >= miniters else { return }
        let now = terminal.clock()
        if now - lastPrintT >= options.mininterval && now >= startT + options.delay {
            update(count - lastPrintN)
        }
    }

    /// The end of a loop over the bar: its count becomes `count`, and it closes.
    public func finishIteration(_ count: Double) {
        if !disabled { n = count }
        close()
    }

    /// `reset(total)`: back to the start, for another pass.
    public func reset(total: Double?) {
        n = 0
        if let total { options.total = total }
        guard !disabled else { return }
        lastPrintN = 0
        lastPrintT = terminal.clock()
        startT = lastPrintT
        emaDn = EMA(alpha: options.smoothing)
        emaDt = EMA(alpha: options.smoothing)
        emaMiniters = EMA(alpha: options.smoothing)
        refresh()
    }

    /// `close()`: the final line stays (`leave`) or is wiped; other bars move up into the gap.
    public func close() {
        guard !disabled else { return }
        disabled = true
        let p = Swift.abs(pos)
        Self.instances.removeAll { $0.bar == nil || $0.bar === self }
        // _decr_instances: free bars below this one move up.
        for case let other? in Self.instances.map(\.bar) where other.pos > p {
            other.clear()
            other.pos -= 1
        }
        guard hasStarted, lastPrintT >= startT + options.delay else { return }
        let leave = options.leave ?? (p == 0)
        if leave {
            useOverallRate = true
            display(at: 0)
            terminal.write("\n")
        } else if display("", at: p) && p == 0 {
            terminal.write("\r")
        }
    }

    /// `tqdm.write`'s bracket: every open bar is cleared, `body` writes, the bars come back.
    public static func writing(_ body: () -> Void) {
        let open = instances.compactMap(\.bar).filter { !$0.disabled }
        for bar in open { bar.clear() }
        body()
        for bar in open { bar.refresh() }
    }
}
