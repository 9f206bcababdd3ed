using PowerAutomation.Silo.Hosting;

var app = SiloApp.Build(args);
await app.MigrateDatabaseAsync();
await app.RunAsync();
