"""Help while writing a cell: completion (Tab) and explanations (Shift+Tab), in English and Korean."""
