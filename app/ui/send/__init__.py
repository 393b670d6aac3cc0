"""The send bar: text or hex to the selected client, node-like commands, history, and the saved-messages picker."""
