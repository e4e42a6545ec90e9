"""The desktop app: Qt widgets that render the trainer's snapshots and send it commands."""
