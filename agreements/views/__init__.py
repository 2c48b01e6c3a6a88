"""Agreement pages, split by step. Views are thin: parse, call one service or selector, render."""
