"""Handler callbacks: extract, call the service, render. Registered in bot.app."""
