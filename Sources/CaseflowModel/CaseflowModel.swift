// Loads workflow and rule definitions.
