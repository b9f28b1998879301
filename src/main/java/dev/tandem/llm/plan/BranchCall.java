package dev.tandem.llm.plan;

/**
 * One backend call running on its branch's thread. Cancelling it interrupts that thread (the backends stop
 * promptly when interrupted), but never a later task the pool runs on the same thread.
 */
final class BranchCall {

    private Thread thread;
    private boolean cancelled;

    /** Binds the call to the current thread; false when it was cancelled before it started. */
    synchronized boolean begin() {
        if (cancelled) {
            return false;
        }
        thread = Thread.currentThread();
        return true;
    }

    synchronized void cancel() {
        cancelled = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Unbinds the thread and clears an interrupt that arrived late; says whether the call was cancelled. */
    synchronized boolean end() {
        thread = null;
        Thread.interrupted();
        return cancelled;
    }
}
