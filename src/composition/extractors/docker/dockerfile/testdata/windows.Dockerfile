# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 `
  AS base
RUN powershell -Command `
    Write-Host hi
FROM base
