"""`make bench`: the figures the issues set targets for, measured side by side in one run."""
