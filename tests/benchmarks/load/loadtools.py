"""Helpers of the load test's scripts, which run on their own from this folder: their
output, and the machine the figures ran on."""

import sys


def say(text=""):
    """Results go to standard output, as they come."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def cpu_and_memory():
    """(CPU model name, memory in GiB); "unknown CPU" and 0 where /proc does not say."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            memory = int(meminfo.readline().split()[1]) / 1024 / 1024
    except OSError:
        memory = 0
    return cpu, memory
