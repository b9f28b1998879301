package dev.tandem.aws.cloudcontrol;

/** One security rule a desired state breaks: which, how bad (HIGH, MEDIUM, LOW), where, and why it matters. */
record Finding(String rule, String severity, String path, String explanation) {
}
