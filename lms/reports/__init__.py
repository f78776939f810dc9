"""Coordinator reports: the network's figures for a period, charts, drill-downs, exports."""
