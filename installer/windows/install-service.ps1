# Registers the Mailferry Data Provider service on Windows (run as Administrator after installing the .msi built by
# `jpackage --type msi` from build-images.sh on Windows). Data lives in %ProgramData%\Mailferry.
$exe = Join-Path $env:ProgramFiles "mailferry\mailferry.exe"
$data = Join-Path $env:ProgramData "Mailferry"
New-Item -ItemType Directory -Force -Path $data | Out-Null
New-Service -Name "Mailferry" -DisplayName "Mailferry Data Provider" -StartupType Automatic `
  -BinaryPathName "`"$exe`" serve --data-dir `"$data`" --port 0"
Start-Service Mailferry
