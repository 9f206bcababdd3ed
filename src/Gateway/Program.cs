using PowerAutomation.Gateway.Hosting;

var app = GatewayApp.Build(args);
await app.RunAsync();
