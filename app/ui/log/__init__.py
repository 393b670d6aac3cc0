"""The log pane: the log view, its format, the filter bar, detail, statistics, export, and the send bar."""
