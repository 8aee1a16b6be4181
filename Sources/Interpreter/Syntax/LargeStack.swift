#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread of its own with a large stack, so that deeply nested input is
/// bounded by the parser's own limits (brackets, indentation, `ParserCore.maxDepth`) and never
/// by the caller's stack: a shell may call the parser from a thread with 512 KiB of stack,
/// while 200 nested brackets need a few MiB in a debug build. Only the pages actually used
/// are committed.
enum LargeStack {
    static let size = 32 << 20

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a fresh thread with a `size`-byte stack and waits for it. Falls back to
    /// the current thread if no thread can be made.
    static func run<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, Error>? = nil
        withoutActuallyEscaping(body) { escapable in
            let job = Job { result = Result { try escapable() } }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, size)
            let context = Unmanaged.passRetained(job).toOpaque()
            #if canImport(Darwin)
            var thread: pthread_t? = nil
            #else
            var thread = pthread_t()
            #endif
            let status = pthread_create(&thread, &attributes, { context in
                guard let context = context else { return nil }
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, context)
            if status != 0 {
                Unmanaged<Job>.fromOpaque(context).release()
                result = Result { try escapable() }
                return
            }
            #if canImport(Darwin)
            if let thread = thread { pthread_join(thread, nil) }
            #else
            pthread_join(thread, nil)
            #endif
        }
        guard let outcome = result else { fatalError("LargeStack: the job did not run") }
        return try outcome.get()
    }
}
