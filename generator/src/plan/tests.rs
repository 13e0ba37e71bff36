//! The plan of the golden fixtures: its dump is a golden file of its own
//! (`tests/fixtures/<name>.plan`), so a change of the generated API shows as a diff of lines.
