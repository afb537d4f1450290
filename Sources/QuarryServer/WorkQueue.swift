import Foundation

/// Threads that run pipeline work for async request handlers, first come first served.
///
/// Running a CPU-bound pipeline inside an async handler would hold one of Swift's cooperative
/// threads (one per core) for the whole run, so the tasks that read and write sockets wait
/// behind it and requests finish in no particular order: at 64 connections the slowest waited
/// ten times the median. Here a handler hands its work to a fixed set of threads through a
/// FIFO queue and suspends; requests are served in arrival order and the cooperative threads
/// stay free for I/O.
final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var head = 0

    /// Starts `threads` worker threads (at least one); they live as long as the process.
    init(threads: Int) {
        for k in 0..<max(1, threads) {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "quarry-work-\(k)"
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            jobs[head] = {}  // drop what the job holds (a request's body, its continuation)
            head += 1
            // Under steady load the queue never empties: drop the run part once it is half.
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }

    /// Jobs held by the queue, run or not (for tests: it must stay bounded under steady load).
    var storedJobs: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count
    }

    /// Runs `body` on a worker thread, after the work queued before it, and returns its value.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: body()) }
        }
    }

    /// Queues `job` behind the others.
    func enqueue(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }
}
