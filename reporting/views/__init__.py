"""Pages of step 4: "My updates", rounds, the submission page with its live score, review,
reviewer scores and appeals. Views parse input, call one service or selector, render."""
