package dev.tandem.llm.plan;

/**
 * One backend call running on its branch's thread. Cancelling it interrupts that thread (the backends stop
 * promptly when interrupted), but never a later task the pool runs on the same thread. A call cancelled while it
 * runs can settle its branch at once (the round then need not wait for the call to stop); the branch is settled
 * once, by whichever comes first.
 */
final class BranchCall {

    private Thread thread;
    private boolean cancelled;
    private boolean settled;
    private Runnable settleCancelled;

    /** What settles the branch as cancelled when another thread cancels the call while it runs. */
    synchronized void settleWhenCancelled(Runnable action) {
        settleCancelled = action;
    }

    /** Binds the call to the current thread; false when it was cancelled before it started. */
    synchronized boolean begin() {
        if (cancelled) {
            return false;
        }
        thread = Thread.currentThread();
        return true;
    }

    void cancel() {
        Runnable settle;
        synchronized (this) {
            cancelled = true;
            if (thread == null) {
                return;
            }
            thread.interrupt();
            boolean early = settleCancelled != null && !settled && thread != Thread.currentThread();
            settled |= early;
            settle = early ? settleCancelled : null;
        }
        if (settle != null) {
            settle.run();
        }
    }

    /** Unbinds the thread and clears an interrupt that arrived late; says whether the call was cancelled. */
    synchronized boolean end() {
        thread = null;
        Thread.interrupted();
        return cancelled;
    }

    /** Whether the branch's own thread settles it: false when a cancellation settled it already. */
    synchronized boolean settleByItself() {
        boolean mine = !settled;
        settled = true;
        return mine;
    }
}
