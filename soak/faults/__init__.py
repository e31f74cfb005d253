"""The fault scenarios (python -m soak.faults): each causes one fault
against processes of the suite's own, and reports what the user saw, what
was lost, what was left behind, and whether everything answered again
once the cause was gone, without anyone restarting anything."""
