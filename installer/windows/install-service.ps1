# Registers (or, with -Uninstall, removes) the Mailferry service on Windows through WinSW. Run as Administrator after
# the .msi installed Mailferry (see docs/installation.md); the .msi's custom action may run it too.
#   install-service.ps1 [-InstallDir "C:\Program Files\Mailferry"] [-Uninstall]
# Data: %ProgramData%\Mailferry, readable by SYSTEM, Administrators, the service account (LocalService) and the local
# group "Mailferry Admins" (read only), whose members' CLI and panel find the service through mailferry.conf.
# Uninstalling keeps the data; delete %ProgramData%\Mailferry by hand to remove it.
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles "Mailferry"),
    [switch]$Uninstall
)
$ErrorActionPreference = "Stop"
$wrapper = Join-Path $InstallDir "mailferry-service.exe"
$data = Join-Path $env:ProgramData "Mailferry"
$group = "Mailferry Admins"

if (-not (Test-Path $wrapper)) { throw "The service wrapper $wrapper is missing: install the Mailferry .msi first." }

if ($Uninstall) {
    if (Get-Service mailferry -ErrorAction SilentlyContinue) {
        & $wrapper stop | Out-Null
        & $wrapper uninstall
    }
    Write-Host "The Mailferry service is removed; its data stays in $data."
    exit 0
}

if (-not (Get-LocalGroup -Name $group -ErrorAction SilentlyContinue)) {
    New-LocalGroup -Name $group -Description "May use the installed Mailferry service (CLI and panel)" | Out-Null
}
New-Item -ItemType Directory -Force -Path $data | Out-Null
# No inheritance from %ProgramData% (which lets every user read): the owner accounts, and the admins group read-only.
icacls $data /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" `
    "*S-1-5-19:(OI)(CI)M" "${group}:(OI)(CI)RX" | Out-Null
$conf = Join-Path $data "mailferry.conf"
if (-not (Test-Path $conf)) {
    Set-Content -Path $conf -Encoding ASCII -Value @(
        "# Read by the Mailferry CLI and panel to find the installed service.",
        "MAILFERRY_DATA=$data")
}
if (-not (Get-Service mailferry -ErrorAction SilentlyContinue)) {
    & $wrapper install
    # LocalService, not LocalSystem: the service needs its data directory and the network, nothing else
    sc.exe config mailferry obj= "NT AUTHORITY\LocalService" password= "" | Out-Null
}
& $wrapper start
Write-Host "The Mailferry service runs. Add admins to the group: Add-LocalGroupMember -Group '$group' -Member NAME"
